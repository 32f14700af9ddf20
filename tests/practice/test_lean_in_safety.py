"""A crisis or abuse-risk turn holds the conversation for both; only its author sees it."""

from __future__ import annotations

from twofold.practice.lean_in import End, Phase, Reflect, Resume, TurnKind, summarize, view_for

from .lean_in_helpers import A, B, RULES, at, at_reflecting, run, safety_paused


def test_a_crisis_turn_pauses_for_both_and_notes_resources_for_the_author() -> None:
    state = safety_paused()
    assert state.phase is Phase.PAUSED
    record = state.active_pause
    assert record is not None and record.safety and record.resume_phase is Phase.SHARING
    turn = state.turns[-1]
    assert (turn.author, turn.kind, turn.private, turn.labels) == (A, TurnKind.SHARE, True, ("crisis",))
    notice = state.safety_notices[-1]
    assert (notice.person, notice.labels, notice.turn_index) == (A, ("crisis",), turn.index)


def test_the_partner_sees_only_paused() -> None:
    state = safety_paused()
    partner = view_for(state, B)
    assert partner.phase is Phase.PAUSED
    assert partner.paused_by is None
    assert partner.return_at is None
    assert not partner.show_safety_resources
    assert all(not turn.private for turn in partner.turns)
    assert "alive" not in " ".join(turn.text for turn in partner.turns)
    author = view_for(state, A)
    assert author.show_safety_resources
    assert author.turns[-1].text == "Some days I do not want to be alive."


def test_the_coach_check_can_raise_a_safety_pause_from_a_reflection() -> None:
    state = run(at_reflecting(), Reflect(B, at(4), "I feel like I want to hurt myself."))
    assert state.phase is Phase.PAUSED
    assert state.safety_notices[-1].person == B
    assert state.safety_notices[-1].labels == ("crisis",)


def test_abuse_risk_in_a_share_also_holds_the_conversation() -> None:
    from twofold.practice.lean_in import Share

    from .lean_in_helpers import at_sharing

    state = run(at_sharing(), Share(A, at(4), "You will regret it if you leave.", ("control", "abuse_risk")))
    assert state.phase is Phase.PAUSED
    assert state.safety_notices[-1].labels == ("abuse_risk",)


def test_a_safety_hold_cannot_be_resumed_but_can_be_ended() -> None:
    import pytest

    from twofold.practice.lean_in import IllegalTransition

    state = safety_paused()
    with pytest.raises(IllegalTransition) as refused:
        RULES.apply(state, Resume(B, at(300)))
    assert refused.value.code == "safety_hold"
    ended = run(state, End(B, at(301)))
    assert ended.phase is Phase.ENDED
    summary = summarize(ended)
    assert summary.paused_for_safety
    assert summary.turns == len(ended.turns) - 1, "the private turn is not in the shared summary"
