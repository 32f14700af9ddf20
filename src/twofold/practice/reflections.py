"""Reflections on a weekly challenge, streaks of weeks practised, and weekly counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from twofold.practice.weeks import IsoWeek

MAX_FIELD_CHARS = 2000
REQUIRED = ("what_i_tried", "how_it_felt")
TEXT_FIELDS = ("what_i_tried", "how_partner_responded", "how_it_felt", "what_id_do_again")


class ReflectionError(ValueError):
    """A reflection field is invalid; ``field`` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Reflection:
    """One person's reflection on one week's challenge. Private unless ``shared``."""

    person_id: str
    week: IsoWeek
    challenge_id: str
    what_i_tried: str
    how_partner_responded: str
    how_it_felt: str
    what_id_do_again: str
    written_at: datetime
    shared: bool = False

    def __post_init__(self) -> None:
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ReflectionError(name, "must be text")
            cleaned = value.strip()
            if name in REQUIRED and not cleaned:
                raise ReflectionError(name, "please write at least a few words")
            if len(cleaned) > MAX_FIELD_CHARS:
                raise ReflectionError(name, f"keep it under {MAX_FIELD_CHARS} characters")
            object.__setattr__(self, name, cleaned)
        if not self.challenge_id:
            raise ReflectionError("challenge_id", "a reflection belongs to a challenge")
        if self.written_at.tzinfo is None:
            raise ReflectionError("written_at", "must carry a time zone")
        if self.written_at.date() < self.week.monday:
            raise ReflectionError("written_at", f"{self.week} has not started yet")

    def with_sharing(self, shared: bool) -> Reflection:
        """A copy shared with (or withdrawn from) the partner."""
        return replace(self, shared=shared)


def _indices(weeks: Iterable[IsoWeek]) -> set[int]:
    return {week.index for week in weeks}


def current_streak(weeks_done: Iterable[IsoWeek], this_week: IsoWeek) -> int:
    """Consecutive weeks with a reflection, ending this week or, if this week is not
    done yet, last week (the streak is still alive until this week is over)."""
    done = _indices(weeks_done)
    end = this_week.index if this_week.index in done else this_week.index - 1
    count = 0
    while end - count in done:
        count += 1
    return count


def longest_streak(weeks_done: Iterable[IsoWeek]) -> int:
    done = _indices(weeks_done)
    best = 0
    for index in done:
        if index - 1 not in done:
            length = 1
            while index + length in done:
                length += 1
            best = max(best, length)
    return best


@dataclass(frozen=True)
class WeekCount:
    week: IsoWeek
    count: int


def weekly_counts(weeks_done: Iterable[IsoWeek], first: IsoWeek, last: IsoWeek) -> tuple[WeekCount, ...]:
    """One bar per week from ``first`` to ``last`` inclusive, zeros included (for a chart)."""
    if last < first:
        raise ValueError("the last week comes before the first")
    counts = Counter(week.index for week in weeks_done)
    span = last.index - first.index
    return tuple(WeekCount(week, counts[week.index]) for week in (first.shifted(n) for n in range(span + 1)))
