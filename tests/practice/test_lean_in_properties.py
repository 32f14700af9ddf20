"""Random event sequences never corrupt the conversation's invariants."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import event as event_note
from hypothesis import given, settings
from hypothesis import strategies as st

from twofold.practice.labels import SAFETY
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
    Share,
    TurnKind,
    summarize,
    view_for,
)

from .lean_in_helpers import A, B, OUTSIDER, RULES, fresh

KINDS = ("topic", "roles", "share", "reflect", "heard", "not_yet", "pause", "resume", "end")
TEXTS = ("I feel lonely.", "But you never help.", "You feel lonely; that makes sense.", "", "x" * 2100,
         "I might hurt myself.")
LABELS = ((), ("criticism",), ("validation", "i_statement"), ("crisis",), ("abuse_risk", "control"))

EXPECTED = "whoever is expected to act"



def _event(kind: str, by: str, when, text: str, labels: tuple[str, ...], other: str) -> object:
    match kind:
        case "topic":
            return ChooseTopic(by, when, text, labels)
        case "roles":
            return AssignRoles(by, when, other)
        case "share":
            return Share(by, when, text, labels)
        case "reflect":
            return Reflect(by, when, text, labels)
        case "heard":
            return FeelHeard(by, when)
        case "not_yet":
            return NotYet(by, when, text, labels)
        case "pause":
            return Pause(by, when, when + timedelta(minutes=len(text) % 40 + 5))
        case "resume":
            return Resume(by, when)
        case _:
            return End(by, when)


def _check(state: Conversation) -> None:
    assert [turn.index for turn in state.turns] == list(range(len(state.turns)))
    assert all(x.at <= y.at for x, y in zip(state.turns, state.turns[1:], strict=False))
    assert all(turn.author in state.partners for turn in state.turns)
    assert len(set(state.heard)) == len(state.heard) and set(state.heard) <= set(state.partners)
    assert len(state.heard) == sum(1 for turn in state.turns if turn.kind is TurnKind.HEARD)
    assert (state.phase is Phase.COMPLETE) == (len(state.heard) == 2)
    if state.speaker is not None:
        assert {state.speaker, state.listener} == set(state.partners)
    if state.phase in (Phase.SHARING, Phase.REFLECTING, Phase.CONFIRMING):
        assert state.speaker is not None and state.speaker not in state.heard
    assert all(record.resumed_at is not None for record in state.pauses[:-1])
    if state.phase is Phase.PAUSED:
        assert state.pauses[-1].resumed_at is None
    elif state.pauses and state.phase is not Phase.ENDED:
        assert state.pauses[-1].resumed_at is not None
    assert (state.active_pause is not None) == (state.phase is Phase.PAUSED)
    resting = state.active_pause.resume_phase if state.active_pause else state.phase
    assert state.prompt == "" or resting is Phase.REFLECTING, "a prompt is kept only for the listener's retry"
    for notice in state.safety_notices:
        turn = state.turns[notice.turn_index]
        assert turn.private and turn.author == notice.person and set(notice.labels) <= SAFETY
    assert all(turn.private == any(n.turn_index == turn.index for n in state.safety_notices)
               for turn in state.turns)
    assert state.is_over == (state.ended_at is not None)
    for person in state.partners:
        view = view_for(state, person)
        assert all(t.author == person or (not t.private and t.accepted is not False) for t in view.turns)
    summary = summarize(state)
    assert summary.positive >= 0 and summary.negative >= 0
    assert summary.duration >= timedelta(0) and summary.paused_for >= timedelta(0)


NATURAL = {
    Phase.TOPIC: ("topic",), Phase.ROLES: ("roles",), Phase.SHARING: ("share",),
    Phase.REFLECTING: ("reflect",), Phase.CONFIRMING: ("heard", "not_yet"), Phase.PAUSED: ("resume",),
}


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_random_sequences_keep_every_invariant(data) -> None:
    state = fresh()
    completed = False
    for _ in range(data.draw(st.integers(min_value=0, max_value=40), label="length")):
        if state.is_over:
            break
        natural = data.draw(st.booleans(), label="natural")
        kinds = NATURAL.get(state.phase, KINDS) if natural else KINDS
        kind = data.draw(st.sampled_from(kinds), label="kind")
        by = data.draw(st.sampled_from((A, B, OUTSIDER, EXPECTED)), label="by")
        if by == EXPECTED:
            by = state.expected_actor or A
        minutes = data.draw(st.integers(min_value=-5, max_value=90), label="minutes")
        text = data.draw(st.sampled_from(TEXTS), label="text")
        labels = data.draw(st.sampled_from(LABELS), label="labels")
        other = data.draw(st.sampled_from((A, B, OUTSIDER)), label="other")
        event = _event(kind, by, state.last_at + timedelta(minutes=minutes), text, labels, other)
        before = state
        try:
            state = RULES.apply(state, event)  # type: ignore[arg-type]
        except IllegalTransition as refused:
            assert refused.code and refused.reason
            assert state is before
            continue
        assert len(state.turns) == len(before.turns) + 1
        assert state.turns[:-1] == before.turns
        _check(state)
        completed = completed or state.phase is Phase.COMPLETE
    event_note(f"completed={completed}")
