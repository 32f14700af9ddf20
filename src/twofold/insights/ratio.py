"""Positive-to-negative ratio during conflict conversations (Gottman's roughly 5:1).

Counting: in every *conflict conversation* (one with at least one harmful label),
each helpful label on a turn counts as one positive moment and each harmful label as
one negative moment (a label counts once per turn). Conversations without any harmful
label are calm and do not enter the ratio. ``value`` is ``positive / negative``, or
``None`` when there was no negative moment (then there is nothing to divide by).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from twofold.insights.records import Turn, conversations_of, is_conflict, iso_week, senders_of

TARGET = 5.0


@dataclass(frozen=True)
class Ratio:
    positive: int
    negative: int
    target: float = TARGET
    reading: str = field(default="", compare=False)

    @property
    def value(self) -> float | None:
        return self.positive / self.negative if self.negative else None

    @property
    def meets_target(self) -> bool | None:
        """True at or above the target, False below, None when nothing was counted."""
        if self.positive == 0 and self.negative == 0:
            return None
        return self.negative == 0 or self.positive / self.negative >= self.target


def ratio_reading(positive: int, negative: int, target: float, who: str = "the two of you") -> str:
    """One plain sentence about a ratio (no blame, no names beyond ``who``)."""
    t = f"{target:g}"
    if positive == 0 and negative == 0:
        return f"There were no tense conversations to count for {who} yet."
    if negative == 0:
        return f"In tense conversations {who} had {positive} warm moments and no harsh ones."
    if positive == 0:
        return f"In tense conversations {who} had harsh moments and no warm ones yet; adding warmth is a shared goal worth working on."
    value = positive / negative
    if value >= target:
        return f"In tense conversations {who} had about {value:.1f} warm moments for every harsh one, at or above the {t} to 1 that steady couples show."
    if value >= 1:
        return f"In tense conversations {who} had about {value:.1f} warm moments for every harsh one; steady couples tend to have about {t}, so there is room for more warmth."
    return f"In tense conversations harsh moments outnumbered warm ones for {who} (about {value:.1f} to 1); adding warmth is a shared goal worth working on."


def make_ratio(positive: int, negative: int, target: float = TARGET, who: str = "the two of you") -> Ratio:
    return Ratio(positive, negative, target, ratio_reading(positive, negative, target, who))


@dataclass(frozen=True)
class RatioReport:
    couple: Ratio
    per_partner: dict[str, Ratio]
    conversations: int
    conflict_conversations: int


@dataclass(frozen=True)
class WeeklyRatio:
    week: str
    couple: Ratio
    per_partner: dict[str, Ratio]


def _count(conversations: Iterable[tuple[Turn, ...]]) -> tuple[dict[str, list[int]], int]:
    counts: dict[str, list[int]] = {}
    conflicts = 0
    for conversation in conversations:
        if not is_conflict(conversation):
            continue
        conflicts += 1
        for turn in conversation:
            pair = counts.setdefault(turn.sender, [0, 0])
            pair[0] += len(turn.helpful)
            pair[1] += len(turn.harmful)
    return counts, conflicts


def _report(conversations: tuple[tuple[Turn, ...], ...], senders: tuple[str, ...], target: float) -> tuple[Ratio, dict[str, Ratio], int]:
    counts, conflicts = _count(conversations)
    positive = sum(p for p, _ in counts.values())
    negative = sum(n for _, n in counts.values())
    per_partner = {s: make_ratio(*counts.get(s, [0, 0]), target, who=s) for s in senders}
    return make_ratio(positive, negative, target), per_partner, conflicts


def positive_negative_ratio(turns: Iterable[Turn], *, target: float = TARGET) -> RatioReport:
    """The couple's and each partner's ratio over all conflict conversations."""
    turns = list(turns)
    conversations = conversations_of(turns)
    couple, per_partner, conflicts = _report(conversations, senders_of(turns), target)
    return RatioReport(couple, per_partner, len(conversations), conflicts)


def ratio_by_week(turns: Iterable[Turn], *, target: float = TARGET) -> tuple[WeeklyRatio, ...]:
    """The ratio per ISO week (a conversation belongs to the week of its first turn), oldest first.
    Weeks without any conversation are left out."""
    turns = list(turns)
    senders = senders_of(turns)
    weeks: dict[str, list[tuple[Turn, ...]]] = {}
    for conversation in conversations_of(turns):
        weeks.setdefault(iso_week(conversation[0].timestamp), []).append(conversation)
    result = []
    for week in sorted(weeks):
        couple, per_partner, _ = _report(tuple(weeks[week]), senders, target)
        result.append(WeeklyRatio(week, couple, per_partner))
    return tuple(result)
