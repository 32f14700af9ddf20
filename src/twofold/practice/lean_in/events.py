"""What a partner can do in a lean-in conversation. Every event names who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PersonId = str
Labels = tuple[str, ...]


@dataclass(frozen=True)
class ChooseTopic:
    by: PersonId
    at: datetime
    topic: str
    labels: Labels = ()


@dataclass(frozen=True)
class AssignRoles:
    by: PersonId
    at: datetime
    speaker: PersonId


@dataclass(frozen=True)
class Share:
    """The speaker says what they feel; ``labels`` are the coach's labels for the text."""

    by: PersonId
    at: datetime
    text: str
    labels: Labels = ()


@dataclass(frozen=True)
class Reflect:
    """The listener says back what they heard and validates the feeling."""

    by: PersonId
    at: datetime
    text: str
    labels: Labels = ()


@dataclass(frozen=True)
class FeelHeard:
    by: PersonId
    at: datetime


@dataclass(frozen=True)
class NotYet:
    """The speaker does not feel heard yet; an optional note says what was missed."""

    by: PersonId
    at: datetime
    note: str = ""
    labels: Labels = ()


@dataclass(frozen=True)
class Pause:
    """Either partner stops for a break; ``return_at`` is the agreed time to come back."""

    by: PersonId
    at: datetime
    return_at: datetime


@dataclass(frozen=True)
class Resume:
    by: PersonId
    at: datetime


@dataclass(frozen=True)
class End:
    """Either partner closes the conversation before both felt heard."""

    by: PersonId
    at: datetime


Event = ChooseTopic | AssignRoles | Share | Reflect | FeelHeard | NotYet | Pause | Resume | End
