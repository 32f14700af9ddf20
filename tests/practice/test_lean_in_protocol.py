"""Every transition of the lean-in protocol, legal and illegal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from twofold.practice.lean_in import (
    AssignRoles,
    ChooseTopic,
    Conversation,
    End,
    FeelHeard,
    IllegalTransition,
    NotYet,
    Pause,
    Phase,
    Reflect,
    Resume,
    Role,
    Share,
    TurnKind,
)

from .lean_in_helpers import (
    A,
    B,
    OUTSIDER,
    RULES,
    at,
    at_confirming,
    at_reflecting,
    at_roles,
    at_sharing,
    complete,
    fresh,
    paused,
    run,
    safety_paused,
)

STATES: dict[str, Callable[[], Conversation]] = {
    "topic": fresh,
    "roles": at_roles,
    "sharing": at_sharing,
    "reflecting": at_reflecting,
    "confirming": at_confirming,
    "paused": paused,
    "safety_paused": safety_paused,
    "complete": complete,
    "ended": lambda: run(fresh(), End(A, at(1))),
}

LATER = 60  # minutes: after every state's last turn and after any break's minimum


def _speaker(state: Conversation) -> str:
    return state.speaker or A


def _listener(state: Conversation) -> str:
    return state.listener or B


EVENTS: dict[str, Callable[[Conversation], object]] = {
    "choose_topic": lambda s: ChooseTopic(A, at(LATER), "Money"),
    "assign_roles": lambda s: AssignRoles(A, at(LATER), B),
    "share": lambda s: Share(_speaker(s), at(LATER), "I feel worried about money."),
    "reflect": lambda s: Reflect(_listener(s), at(LATER), "You feel worried, that makes sense."),
    "feel_heard": lambda s: FeelHeard(_speaker(s), at(LATER)),
    "not_yet": lambda s: NotYet(_speaker(s), at(LATER), "You missed the part about my mother."),
    "pause": lambda s: Pause(A, at(LATER), at(LATER + 25)),
    "resume": lambda s: Resume(A, at(LATER)),
    "end": lambda s: End(B, at(LATER)),
}

LEGAL: dict[str, set[str]] = {
    "topic": {"choose_topic", "pause", "end"},
    "roles": {"assign_roles", "pause", "end"},
    "sharing": {"share", "pause", "end"},
    "reflecting": {"reflect", "pause", "end"},
    "confirming": {"feel_heard", "not_yet", "pause", "end"},
    "paused": {"resume", "end"},
    "safety_paused": {"end"},
    "complete": set(),
    "ended": set(),
}

# The code each refusal carries, per state: (default for the state, exceptions by event).
EXPECTED_CODE: dict[str, tuple[str | None, dict[str, str]]] = {
    "complete": ("over", {}),
    "ended": ("over", {}),
    "paused": (None, {"pause": "already_paused"}),
    "safety_paused": (None, {"pause": "already_paused", "resume": "safety_hold"}),
}
PHASE_CODE = {
    "choose_topic": "not_topic", "assign_roles": "not_roles", "share": "not_sharing",
    "reflect": "not_reflecting", "feel_heard": "not_confirming", "not_yet": "not_confirming",
    "resume": "not_paused",
}

ILLEGAL = [(s, e) for s in STATES for e in EVENTS if e not in LEGAL[s]]
LEGAL_PAIRS = [(s, e) for s in STATES for e in EVENTS if e in LEGAL[s]]


def _expected_code(state_name: str, event_name: str) -> str:
    default, exceptions = EXPECTED_CODE.get(state_name, (None, {}))
    return exceptions.get(event_name) or default or PHASE_CODE[event_name]


def test_the_enumeration_covers_every_pair() -> None:
    assert len(ILLEGAL) + len(LEGAL_PAIRS) == len(STATES) * len(EVENTS) == 81
    assert len(ILLEGAL) == 62


@pytest.mark.parametrize(("state_name", "event_name"), ILLEGAL, ids=[f"{s}-{e}" for s, e in ILLEGAL])
def test_illegal_pair_is_refused_with_a_reason(state_name: str, event_name: str) -> None:
    state = STATES[state_name]()
    with pytest.raises(IllegalTransition) as refused:
        RULES.apply(state, EVENTS[event_name](state))  # type: ignore[arg-type]
    assert refused.value.code == _expected_code(state_name, event_name)
    assert len(refused.value.reason) > 10
    assert str(refused.value) == refused.value.reason


@pytest.mark.parametrize(("state_name", "event_name"), LEGAL_PAIRS, ids=[f"{s}-{e}" for s, e in LEGAL_PAIRS])
def test_legal_pair_adds_exactly_one_turn(state_name: str, event_name: str) -> None:
    state = STATES[state_name]()
    after = RULES.apply(state, EVENTS[event_name](state))  # type: ignore[arg-type]
    assert after.turns[: len(state.turns)] == state.turns
    assert len(after.turns) == len(state.turns) + 1


def test_a_full_round_reaches_complete_with_both_heard() -> None:
    state = complete()
    assert state.phase is Phase.COMPLETE
    assert state.heard == (A, B)
    assert state.ended_at == at(8)
    kinds = [turn.kind for turn in state.turns]
    assert kinds == [
        TurnKind.TOPIC, TurnKind.ROLES, TurnKind.SHARE, TurnKind.REFLECTION, TurnKind.HEARD,
        TurnKind.SHARE, TurnKind.REFLECTION, TurnKind.HEARD,
    ]
    assert [turn.index for turn in state.turns] == list(range(8))


def test_roles_switch_after_the_speaker_feels_heard() -> None:
    state = run(at_confirming(), FeelHeard(A, at(5)))
    assert (state.phase, state.speaker, state.listener, state.heard) == (Phase.SHARING, B, A, (A,))


def test_a_rebuttal_gets_a_gentle_prompt_and_the_listener_tries_again() -> None:
    state = run(at_reflecting(), Reflect(B, at(4), "But you never plan anything either."))
    assert state.phase is Phase.REFLECTING
    rejected = state.turns[-1]
    assert (rejected.kind, rejected.accepted, rejected.role) == (TurnKind.REFLECTION, False, Role.LISTENER)
    assert "defensiveness" in rejected.labels
    assert state.prompt == rejected.prompt
    assert "Say back the feeling you heard." in state.prompt
    second = run(state, Reflect(B, at(5), "But you never listen."))
    assert second.prompt != state.prompt, "the gentle prompt varies with each attempt"
    accepted = run(second, Reflect(B, at(6), "You feel alone on weekends; I can see why."))
    assert accepted.phase is Phase.CONFIRMING
    assert accepted.prompt == ""
    assert accepted.turns[-1].accepted is True


def test_a_rejected_reflection_reaches_only_the_listener() -> None:
    from twofold.practice.lean_in import view_for

    state = run(at_reflecting(), Reflect(B, at(4), "But you never plan anything either."))
    assert view_for(state, B).turns[-1].text == "But you never plan anything either."
    assert view_for(state, B).prompt == state.prompt
    speaker = view_for(state, A)
    assert all(turn.accepted is not False for turn in speaker.turns)
    assert speaker.prompt == ""


def test_a_reconnecting_partner_gets_every_turn_in_order() -> None:
    from twofold.practice.lean_in import view_for

    state = complete()
    for person in (A, B):
        view = view_for(state, person)
        assert view.turns == state.turns
        assert (view.phase, view.heard, view.your_turn) == (Phase.COMPLETE, (A, B), False)
    mid = at_reflecting()
    assert view_for(mid, B).your_turn and view_for(mid, B).your_role is Role.LISTENER
    assert not view_for(mid, A).your_turn
    with pytest.raises(PermissionError):
        view_for(mid, OUTSIDER)


def test_unknown_events_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        RULES.apply(fresh(), object())  # type: ignore[arg-type]


def test_not_yet_goes_back_to_reflecting_with_a_prompt() -> None:
    state = run(at_confirming(), NotYet(A, at(5), "It is more about feeling lonely."))
    assert state.phase is Phase.REFLECTING
    assert state.turns[-1].kind is TurnKind.NOT_YET
    assert state.turns[-1].text == "It is more about feeling lonely."
    assert state.prompt


@pytest.mark.parametrize(
    ("state_factory", "event", "code"),
    [
        (at_sharing, Share(B, at(9), "Well, I think that is unfair."), "not_your_turn"),
        (at_reflecting, Reflect(A, at(9), "You feel it."), "not_your_turn"),
        (at_confirming, FeelHeard(B, at(9)), "not_your_turn"),
        (at_confirming, NotYet(B, at(9)), "not_your_turn"),
        (at_sharing, Share(OUTSIDER, at(9), "Hello"), "not_participant"),
        (fresh, ChooseTopic(OUTSIDER, at(9), "Us"), "not_participant"),
        (paused, Resume(OUTSIDER, at(90)), "not_participant"),
        (at_roles, AssignRoles(A, at(9), OUTSIDER), "unknown_speaker"),
        (at_sharing, Share(A, at(0), "Earlier than the last turn"), "out_of_order"),
        (at_sharing, Share(A, datetime(2026, 3, 7, 11), "naive time"), "bad_time"),
        (at_sharing, Share(A, at(9), "   "), "empty"),
        (at_sharing, Share(A, at(9), "x" * 2001), "too_long"),
        (fresh, ChooseTopic(A, at(9), "t" * 201), "too_long"),
        (at_sharing, Pause(A, at(9), at(20)), "bad_return_time"),
        (at_sharing, Pause(A, at(9), at(9) + timedelta(hours=25)), "bad_return_time"),
        (paused, Resume(A, at(10)), "too_early"),
    ],
)
def test_bad_input_is_refused(state_factory: Callable[[], Conversation], event: object, code: str) -> None:
    state = state_factory()
    with pytest.raises(IllegalTransition) as refused:
        RULES.apply(state, event)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert refused.value.reason


def test_too_early_says_how_long_is_left() -> None:
    with pytest.raises(IllegalTransition, match="15 more minute"):
        RULES.apply(paused(), Resume(A, at(10)))


def test_pause_records_who_when_and_the_agreed_return_then_resumes_where_it_was() -> None:
    state = run(at_reflecting(), Pause(A, at(5), at(45)))
    record = state.active_pause
    assert record is not None and record.brk is not None
    assert (record.by, record.started_at, record.brk.return_at) == (A, at(5), at(45))
    assert state.expected_actor is None
    resumed = run(state, Resume(B, at(26)))
    assert resumed.phase is Phase.REFLECTING
    assert resumed.active_pause is None
    assert (resumed.pauses[-1].resumed_at, resumed.pauses[-1].resumed_by) == (at(26), B)
    assert [t.kind for t in resumed.turns[-2:]] == [TurnKind.PAUSE, TurnKind.RESUME]


def test_a_shorter_break_can_be_configured() -> None:
    from twofold.practice.pause import PausePolicy

    rules = replace(RULES, pause_policy=PausePolicy(minimum=timedelta(minutes=5)))
    state = rules.apply(at_sharing(), Pause(A, at(3), at(8)))
    assert rules.apply(state, Resume(B, at(8))).phase is Phase.SHARING


def test_events_never_mutate_the_state_they_are_given() -> None:
    state = at_reflecting()
    snapshot = replace(state)
    RULES.apply(state, Reflect(B, at(9), "You feel alone."))
    with pytest.raises(IllegalTransition):
        RULES.apply(state, Share(A, at(9), "again"))
    assert state == snapshot


def test_start_needs_two_different_partners_and_an_aware_time() -> None:
    with pytest.raises(ValueError):
        RULES.start("r", (A, A), at(0))
    with pytest.raises(ValueError):
        RULES.start("r", (A, B), datetime(2026, 1, 1))
