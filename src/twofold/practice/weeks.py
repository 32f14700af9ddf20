"""ISO weeks as values: ordering, arithmetic and year boundaries done right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday first); some years have 53 weeks."""

    year: int
    week: int

    def __post_init__(self) -> None:
        try:
            date.fromisocalendar(self.year, self.week, 1)
        except ValueError as exc:
            raise ValueError(f"{self.year}-W{self.week:02d} is not an ISO week") from exc

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Parse ``2026-W07``."""
        year, sep, week = text.strip().upper().partition("-W")
        if not sep or not year.isdigit() or not week.isdigit():
            raise ValueError(f"expected an ISO week such as 2026-W07, got {text!r}")
        return cls(int(year), int(week))

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def index(self) -> int:
        """A running week number: consecutive weeks differ by exactly one."""
        return self.monday.toordinal() // 7

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
