"""The lean-in protocol as a pure state machine.

``LeanInRules.apply(state, event)`` returns a new :class:`Conversation` or raises
:class:`IllegalTransition` with a machine code and a human reason; a refused event
leaves nothing behind. The reflection check is injected, so the coach plugs in
without this package importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from typing import Protocol

from twofold.practice._data import read_toml
from twofold.practice.labels import SAFETY
from twofold.practice.lean_in.events import (
    AssignRoles,
    ChooseTopic,
    End,
    Event,
    FeelHeard,
    Labels,
    NotYet,
    Pause,
    PersonId,
    Reflect,
    Resume,
    Share,
)
from twofold.practice.lean_in.state import (
    ACTIVE_PHASES,
    Conversation,
    PauseRecord,
    Phase,
    SafetyNotice,
    Turn,
    TurnKind,
)
from twofold.practice.pause import PauseBreak, PauseError, PausePolicy


class IllegalTransition(Exception):
    """An event that the protocol refuses in the current state."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class ReflectionVerdict:
    """The coach's view of a reflection: accepted or not, why, and the labels it found."""

    ok: bool
    reasons: tuple[str, ...] = ()
    labels: Labels = ()


class ReflectionCheck(Protocol):
    def __call__(self, text: str, /) -> ReflectionVerdict: ...


@dataclass(frozen=True)
class Prompts:
    retry_reflection: tuple[str, ...]
    not_yet: str


@cache
def default_prompts() -> Prompts:
    raw = read_toml("lean_in.toml")
    retry = tuple(str(line).strip() for line in raw.get("retry_reflection", ()))
    not_yet = str(raw.get("not_yet", "")).strip()
    if not retry or not all(retry) or not not_yet:
        raise ValueError("lean_in.toml: retry_reflection and not_yet must be filled in")
    return Prompts(retry, not_yet)


def _merge(*label_sets: Labels) -> Labels:
    return tuple(dict.fromkeys(label for labels in label_sets for label in labels))


@dataclass(frozen=True)
class LeanInRules:
    """Settings of the protocol plus the injected reflection check."""

    check_reflection: ReflectionCheck
    pause_policy: PausePolicy = field(default_factory=PausePolicy)
    max_turn_chars: int = 2000
    max_topic_chars: int = 200
    prompts: Prompts = field(default_factory=default_prompts)

    def start(self, conversation_id: str, partners: tuple[PersonId, PersonId], at: datetime) -> Conversation:
        if len(partners) != 2 or partners[0] == partners[1] or not all(partners):
            raise ValueError("a lean-in conversation needs two different partners")
        if at.tzinfo is None:
            raise ValueError("the start time must carry a time zone")
        return Conversation(id=conversation_id, partners=(partners[0], partners[1]), started_at=at)

    def apply(self, state: Conversation, event: Event) -> Conversation:
        handler = _HANDLERS.get(type(event))
        if handler is None:
            raise TypeError(f"not a lean-in event: {event!r}")
        if state.phase is Phase.COMPLETE:
            raise IllegalTransition("over", "this conversation is complete: both of you felt heard")
        if state.phase is Phase.ENDED:
            raise IllegalTransition("over", "this conversation has ended; start a new one to go on")
        if event.by not in state.partners:
            raise IllegalTransition("not_participant", "only the two partners can take part in this conversation")
        if event.at.tzinfo is None:
            raise IllegalTransition("bad_time", "the time of a turn must carry a time zone")
        if event.at < state.last_at:
            raise IllegalTransition("out_of_order", "this turn is older than the last recorded one")
        return handler(self, state, event)

    # --- handlers -----------------------------------------------------------------

    def _choose_topic(self, state: Conversation, event: ChooseTopic) -> Conversation:
        _expect_phase(state, Phase.TOPIC, "the topic is chosen before anything else, and only once")
        topic = self._text(event.topic, self.max_topic_chars, "topic")
        if SAFETY & set(event.labels):
            return _safety_pause(state, event.by, TurnKind.TOPIC, topic, event.at, event.labels)
        turn = _turn(state, event.by, TurnKind.TOPIC, topic, event.at, labels=event.labels)
        return replace(state, phase=Phase.ROLES, topic=topic, turns=(*state.turns, turn))

    def _assign_roles(self, state: Conversation, event: AssignRoles) -> Conversation:
        _expect_phase(state, Phase.ROLES, "roles are set once, right after the topic is chosen")
        if event.speaker not in state.partners:
            raise IllegalTransition("unknown_speaker", "the first speaker must be one of the two partners")
        listener = state.partner_of(event.speaker)
        turn = _turn(state, event.by, TurnKind.ROLES, event.speaker, event.at)
        return replace(state, phase=Phase.SHARING, speaker=event.speaker, listener=listener,
                       turns=(*state.turns, turn))

    def _share(self, state: Conversation, event: Share) -> Conversation:
        _expect_phase(state, Phase.SHARING, "sharing happens when the speaker has the floor")
        _expect_actor(state, event.by, state.speaker, "it is the speaker's turn to share; for now, listen")
        text = self._text(event.text, self.max_turn_chars, "turn")
        if SAFETY & set(event.labels):
            return _safety_pause(state, event.by, TurnKind.SHARE, text, event.at, event.labels)
        turn = _turn(state, event.by, TurnKind.SHARE, text, event.at, labels=event.labels)
        return replace(state, phase=Phase.REFLECTING, turns=(*state.turns, turn), attempts=0, prompt="")

    def _reflect(self, state: Conversation, event: Reflect) -> Conversation:
        _expect_phase(state, Phase.REFLECTING, "a reflection follows the speaker's share")
        _expect_actor(state, event.by, state.listener, "the listener reflects; the speaker waits to hear it")
        text = self._text(event.text, self.max_turn_chars, "reflection")
        verdict = self.check_reflection(text)
        labels = _merge(event.labels, verdict.labels)
        if SAFETY & set(labels):
            return _safety_pause(state, event.by, TurnKind.REFLECTION, text, event.at, labels)
        if verdict.ok:
            turn = _turn(state, event.by, TurnKind.REFLECTION, text, event.at, labels=labels, accepted=True)
            return replace(state, phase=Phase.CONFIRMING, turns=(*state.turns, turn), prompt="")
        retry = self.prompts.retry_reflection
        prompt = " ".join((retry[state.attempts % len(retry)], *verdict.reasons))
        turn = _turn(state, event.by, TurnKind.REFLECTION, text, event.at, labels=labels, accepted=False,
                     prompt=prompt)
        return replace(state, turns=(*state.turns, turn), attempts=state.attempts + 1, prompt=prompt)

    def _feel_heard(self, state: Conversation, event: FeelHeard) -> Conversation:
        _expect_phase(state, Phase.CONFIRMING, "\"I feel heard\" answers a reflection the coach accepted")
        _expect_actor(state, event.by, state.speaker, "only the speaker can say whether they feel heard")
        turn = _turn(state, event.by, TurnKind.HEARD, "", event.at)
        heard = (*state.heard, event.by)
        turns = (*state.turns, turn)
        if set(heard) == set(state.partners):
            return replace(state, phase=Phase.COMPLETE, heard=heard, turns=turns, ended_at=event.at, prompt="")
        return replace(state, phase=Phase.SHARING, heard=heard, turns=turns, speaker=state.listener,
                       listener=state.speaker, attempts=0, prompt="")

    def _not_yet(self, state: Conversation, event: NotYet) -> Conversation:
        _expect_phase(state, Phase.CONFIRMING, "\"not yet\" answers a reflection the coach accepted")
        _expect_actor(state, event.by, state.speaker, "only the speaker can say whether they feel heard")
        note = self._text(event.note, self.max_turn_chars, "note", required=False)
        if SAFETY & set(event.labels):
            return _safety_pause(state, event.by, TurnKind.NOT_YET, note, event.at, event.labels)
        turn = _turn(state, event.by, TurnKind.NOT_YET, note, event.at, labels=event.labels)
        return replace(state, phase=Phase.REFLECTING, turns=(*state.turns, turn), prompt=self.prompts.not_yet)

    def _pause(self, state: Conversation, event: Pause) -> Conversation:
        if state.phase not in ACTIVE_PHASES:
            raise IllegalTransition("already_paused", "the conversation is already paused")
        try:
            brk = PauseBreak(event.at, event.return_at, self.pause_policy)
        except PauseError as exc:
            raise IllegalTransition("bad_return_time", str(exc)) from exc
        record = PauseRecord(by=event.by, started_at=event.at, resume_phase=state.phase, brk=brk)
        turn = _turn(state, event.by, TurnKind.PAUSE, "", event.at)
        return replace(state, phase=Phase.PAUSED, pauses=(*state.pauses, record), turns=(*state.turns, turn))

    def _resume(self, state: Conversation, event: Resume) -> Conversation:
        record = state.active_pause
        if record is None:
            raise IllegalTransition("not_paused", "the conversation is not paused")
        if record.brk is None:
            raise IllegalTransition(
                "safety_hold",
                "paused for safety: this conversation cannot go on; take care of safety first, "
                "and start a new conversation later, with your therapist if you have one",
            )
        if event.at < record.brk.ready_at:
            minutes = -(-int(record.brk.remaining(event.at).total_seconds()) // 60)
            raise IllegalTransition(
                "too_early", f"give the break {minutes} more minute(s): the body needs time to settle"
            )
        resumed = replace(record, resumed_at=event.at, resumed_by=event.by)
        turn = _turn(state, event.by, TurnKind.RESUME, "", event.at)
        return replace(state, phase=record.resume_phase, pauses=(*state.pauses[:-1], resumed),
                       turns=(*state.turns, turn))

    def _end(self, state: Conversation, event: End) -> Conversation:
        turn = _turn(state, event.by, TurnKind.END, "", event.at)
        return replace(state, phase=Phase.ENDED, turns=(*state.turns, turn), ended_at=event.at, prompt="")

    @staticmethod
    def _text(text: str, limit: int, what: str, *, required: bool = True) -> str:
        cleaned = text.strip()
        if required and not cleaned:
            raise IllegalTransition("empty", f"the {what} is empty")
        if len(cleaned) > limit:
            raise IllegalTransition("too_long", f"the {what} is longer than {limit} characters; try saying less")
        return cleaned


_HANDLERS = {
    ChooseTopic: LeanInRules._choose_topic,
    AssignRoles: LeanInRules._assign_roles,
    Share: LeanInRules._share,
    Reflect: LeanInRules._reflect,
    FeelHeard: LeanInRules._feel_heard,
    NotYet: LeanInRules._not_yet,
    Pause: LeanInRules._pause,
    Resume: LeanInRules._resume,
    End: LeanInRules._end,
}

_PHASE_NOW = {
    Phase.TOPIC: "the conversation is waiting for a topic",
    Phase.ROLES: "the conversation is waiting for who speaks first",
    Phase.SHARING: "the speaker is sharing",
    Phase.REFLECTING: "the listener is reflecting",
    Phase.CONFIRMING: "the speaker is answering whether they feel heard",
    Phase.PAUSED: "the conversation is paused",
}


def _expect_phase(state: Conversation, phase: Phase, rule: str) -> None:
    if state.phase is not phase:
        raise IllegalTransition(f"not_{phase.value}", f"not now: {_PHASE_NOW[state.phase]} ({rule})")


def _expect_actor(state: Conversation, actor: PersonId, expected: PersonId | None, reason: str) -> None:
    if actor != expected:
        raise IllegalTransition("not_your_turn", reason)


def _turn(state: Conversation, author: PersonId, kind: TurnKind, text: str, at: datetime, *,
          labels: Labels = (), accepted: bool | None = None, prompt: str = "", private: bool = False) -> Turn:
    return Turn(index=len(state.turns), author=author, role=state.role_of(author), kind=kind, text=text,
                at=at, labels=labels, accepted=accepted, prompt=prompt, private=private)


def _safety_pause(state: Conversation, author: PersonId, kind: TurnKind, text: str, at: datetime,
                  labels: Labels) -> Conversation:
    """Hold the conversation for both; the turn stays private to its author."""
    turn = _turn(state, author, kind, text, at, labels=labels, private=True)
    notice = SafetyNotice(person=author, labels=tuple(label for label in labels if label in SAFETY), at=at,
                          turn_index=turn.index)
    record = PauseRecord(by=author, started_at=at, resume_phase=state.phase, brk=None)
    return replace(state, phase=Phase.PAUSED, turns=(*state.turns, turn), pauses=(*state.pauses, record),
                   safety_notices=(*state.safety_notices, notice), prompt="")
