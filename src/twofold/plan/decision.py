"""The decision at the review: three paths, each partner's choice, and whether they agree.

The paths follow discernment counselling: keep things as they are for now,
separate, or a further time-bound, all-out effort with separation off the table.
Choices are appended; a partner may change their mind and the history stays.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from twofold.plan.errors import PlanError

DEFAULT_EFFORT_WEEKS = 26  # about six months


class DecisionPath(enum.StrEnum):
    STATUS_QUO = "status_quo"
    SEPARATE = "separate"
    ALL_OUT_EFFORT = "all_out_effort"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    DecisionPath.STATUS_QUO: "Keep things as they are for now and decide again later.",
    DecisionPath.SEPARATE: "Move toward separating, as calmly and fairly as you can.",
    DecisionPath.ALL_OUT_EFFORT: (
        "Put everything into the relationship for a set time, with separation off the table until then."
    ),
}


@dataclass(frozen=True)
class Choice:
    partner: str
    path: DecisionPath
    at: datetime
    effort_weeks: int | None = None  # only for an all-out effort
    note: str = ""


@dataclass(frozen=True)
class ReviewDecision:
    partners: tuple[str, str]
    review_date: date
    choices: tuple[Choice, ...] = ()

    def choose(self, partner: str, path: DecisionPath | str, at: datetime, *,
               effort_weeks: int | None = None, note: str = "") -> ReviewDecision:
        """Record (or change) one partner's choice."""
        if partner not in self.partners:
            raise PlanError("only the two partners can choose a path")
        if at.tzinfo is None:
            raise PlanError("the time of a choice must carry a time zone")
        if self.choices and at < self.choices[-1].at:
            raise PlanError("a choice cannot be dated before an earlier one")
        chosen = DecisionPath(path)
        if chosen is DecisionPath.ALL_OUT_EFFORT:
            weeks = DEFAULT_EFFORT_WEEKS if effort_weeks is None else effort_weeks
            if not 1 <= weeks <= 104:
                raise PlanError("an all-out effort lasts between 1 and 104 weeks")
        elif effort_weeks is not None:
            raise PlanError("only an all-out effort has a number of weeks")
        else:
            weeks = None
        if len(note) > 2000:
            raise PlanError("keep the note under 2000 characters")
        choice = Choice(partner, chosen, at, weeks, note.strip())
        return replace(self, choices=(*self.choices, choice))

    @property
    def current(self) -> dict[str, Choice]:
        """Each partner's latest choice."""
        latest: dict[str, Choice] = {}
        for choice in self.choices:
            latest[choice.partner] = choice
        return latest

    @property
    def both_chose(self) -> bool:
        return set(self.current) == set(self.partners)

    @property
    def agreed(self) -> bool:
        """Both chose the same path (and, for an all-out effort, the same length)."""
        current = self.current
        if not self.both_chose:
            return False
        first, second = (current[p] for p in self.partners)
        return (first.path, first.effort_weeks) == (second.path, second.effort_weeks)

    @property
    def path(self) -> DecisionPath | None:
        """The agreed path, or None while the partners have not agreed."""
        return self.current[self.partners[0]].path if self.agreed else None

    @property
    def separation_on_the_table(self) -> bool:
        """Either partner chose to separate: time to open the separation checklist."""
        return any(choice.path is DecisionPath.SEPARATE for choice in self.current.values())
