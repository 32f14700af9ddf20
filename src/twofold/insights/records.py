"""The typed input of every insight: one :class:`Turn` per message, and helpers to group them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from twofold.coach import HARMFUL, HELPFUL, LABELS

#: The four horsemen (Gottman), in the order used to break ties.
HORSEMEN: tuple[str, ...] = ("criticism", "contempt", "defensiveness", "stonewalling")
#: Labels that attack or push against the other (protest, escalation).
ATTACK: frozenset[str] = frozenset({"criticism", "contempt", "defensiveness", "control", "invalidation"})
#: Labels that step back from the exchange.
WITHDRAW: frozenset[str] = frozenset({"stonewalling"})
_HARMFUL = frozenset(HARMFUL)
_HELPFUL = frozenset(HELPFUL)


@dataclass(frozen=True)
class Turn:
    """One message of a conversation as the insights see it: who, when, and the coach's labels.

    Build it from a stored analysis (``Turn.from_analysis``) or by hand in tests.
    ``labels`` are coach label ids (``twofold.coach.LABELS``); ``relief_score`` is 0-100.
    """

    conversation: str
    sender: str
    timestamp: datetime
    labels: tuple[str, ...] = ()
    relief_score: int = 50
    flooding: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.labels, tuple):
            object.__setattr__(self, "labels", tuple(self.labels))
        unknown = [label for label in self.labels if label not in LABELS]
        if unknown:
            raise ValueError(f"unknown coach labels {unknown}")
        if not 0 <= self.relief_score <= 100:
            raise ValueError(f"relief_score must be 0-100, not {self.relief_score}")
        if not self.sender:
            raise ValueError("a turn needs a sender")

    @classmethod
    def from_analysis(cls, conversation: str, sender: str, timestamp: datetime, analysis) -> "Turn":
        """A turn from a :class:`twofold.coach.Analysis` (or anything with labels, relief_score, flooding)."""
        return cls(conversation, sender, timestamp, tuple(analysis.labels), int(analysis.relief_score), bool(analysis.flooding))

    @property
    def harmful(self) -> frozenset[str]:
        return frozenset(self.labels) & _HARMFUL

    @property
    def helpful(self) -> frozenset[str]:
        return frozenset(self.labels) & _HELPFUL

    @property
    def attacks(self) -> bool:
        return bool(frozenset(self.labels) & ATTACK)

    @property
    def withdraws(self) -> bool:
        return bool(frozenset(self.labels) & WITHDRAW)


def iso_week(moment: datetime) -> str:
    """The ISO week of a moment, e.g. ``"2024-W03"`` (sorts as text)."""
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


def conversations_of(turns: Iterable[Turn]) -> tuple[tuple[Turn, ...], ...]:
    """Turns grouped by conversation id, each conversation in time order (stable for equal times),
    conversations ordered by their first turn's time, then id. Indices used as turn evidence
    elsewhere are positions within these tuples."""
    groups: dict[str, list[Turn]] = {}
    for turn in turns:
        groups.setdefault(turn.conversation, []).append(turn)
    ordered = [tuple(sorted(group, key=lambda t: t.timestamp)) for group in groups.values()]
    ordered.sort(key=lambda conv: (conv[0].timestamp, conv[0].conversation))
    return tuple(ordered)


def is_conflict(conversation: tuple[Turn, ...]) -> bool:
    """A conflict conversation has at least one turn with a harmful label."""
    return any(turn.harmful for turn in conversation)


def senders_of(turns: Iterable[Turn]) -> tuple[str, ...]:
    """Distinct senders, sorted (for stable output)."""
    return tuple(sorted({turn.sender for turn in turns}))
