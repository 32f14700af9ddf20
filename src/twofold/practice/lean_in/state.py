"""The conversation's state: an immutable value that holds every turn in order."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from twofold.practice.lean_in.events import Labels, PersonId
from twofold.practice.pause import PauseBreak


class Phase(enum.StrEnum):
    TOPIC = "topic"  # waiting for a topic
    ROLES = "roles"  # waiting for who speaks first
    SHARING = "sharing"  # the speaker shares
    REFLECTING = "reflecting"  # the listener reflects and validates
    CONFIRMING = "confirming"  # the speaker answers "I feel heard" or "not yet"
    PAUSED = "paused"
    COMPLETE = "complete"  # both felt heard
    ENDED = "ended"  # closed early by a partner


ACTIVE_PHASES = frozenset({Phase.TOPIC, Phase.ROLES, Phase.SHARING, Phase.REFLECTING, Phase.CONFIRMING})
FINAL_PHASES = frozenset({Phase.COMPLETE, Phase.ENDED})


class Role(enum.StrEnum):
    SPEAKER = "speaker"
    LISTENER = "listener"


class TurnKind(enum.StrEnum):
    TOPIC = "topic"
    ROLES = "roles"
    SHARE = "share"
    REFLECTION = "reflection"
    HEARD = "heard"
    NOT_YET = "not_yet"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"


@dataclass(frozen=True)
class Turn:
    """One recorded step. ``private`` turns (safety) are shown to their author only."""

    index: int
    author: PersonId
    role: Role | None
    kind: TurnKind
    text: str
    at: datetime
    labels: Labels = ()
    accepted: bool | None = None  # reflections: did the check accept it
    prompt: str = ""  # reflections not accepted: the gentle prompt the listener saw
    private: bool = False


@dataclass(frozen=True)
class PauseRecord:
    """A pause. A safety pause has no break timer: it holds until the conversation ends."""

    by: PersonId
    started_at: datetime
    resume_phase: Phase
    brk: PauseBreak | None  # None for a safety pause
    resumed_at: datetime | None = None
    resumed_by: PersonId | None = None

    @property
    def safety(self) -> bool:
        return self.brk is None


@dataclass(frozen=True)
class SafetyNotice:
    """The author of turn ``turn_index`` is shown safety resources, privately."""

    person: PersonId
    labels: Labels
    at: datetime
    turn_index: int


@dataclass(frozen=True)
class Conversation:
    id: str
    partners: tuple[PersonId, PersonId]
    started_at: datetime
    phase: Phase = Phase.TOPIC
    topic: str = ""
    speaker: PersonId | None = None
    listener: PersonId | None = None
    heard: tuple[PersonId, ...] = ()  # in the order they felt heard
    turns: tuple[Turn, ...] = ()
    pauses: tuple[PauseRecord, ...] = ()
    safety_notices: tuple[SafetyNotice, ...] = ()
    attempts: int = 0  # reflections not accepted since the speaker last shared
    prompt: str = ""  # the gentle prompt currently shown to the listener
    ended_at: datetime | None = None

    @property
    def last_at(self) -> datetime:
        return self.turns[-1].at if self.turns else self.started_at

    @property
    def active_pause(self) -> PauseRecord | None:
        if self.phase is Phase.PAUSED:
            return self.pauses[-1]
        return None

    @property
    def is_over(self) -> bool:
        return self.phase in FINAL_PHASES

    def role_of(self, person: PersonId) -> Role | None:
        if person == self.speaker:
            return Role.SPEAKER
        if person == self.listener:
            return Role.LISTENER
        return None

    def partner_of(self, person: PersonId) -> PersonId:
        first, second = self.partners
        return second if person == first else first

    @property
    def expected_actor(self) -> PersonId | None:
        """Who moves the conversation on next; None when either may, or no one can."""
        if self.phase in (Phase.SHARING, Phase.CONFIRMING):
            return self.speaker
        if self.phase is Phase.REFLECTING:
            return self.listener
        return None
