"""The time-bound commitment both partners agree to, with a review date that can move.

Every change makes a new plan object; adjustments are appended, never rewritten,
so the history of the review date is always there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from twofold.plan.errors import PlanError

MAX_GOALS = 12
MAX_TEXT = 500


@dataclass(frozen=True)
class Agreement:
    partner: str
    agreed_at: datetime


@dataclass(frozen=True)
class Adjustment:
    """A moved review date: when, by whom, why, and from which date to which."""

    on: date
    by: str
    reason: str
    old_review: date
    new_review: date


def _clean_goals(goals: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(goal.strip() for goal in goals)
    if not cleaned or not all(cleaned):
        raise PlanError("name at least one goal, and leave no goal empty")
    if len(cleaned) > MAX_GOALS:
        raise PlanError(f"keep the plan to {MAX_GOALS} goals or fewer")
    if any(len(goal) > MAX_TEXT for goal in cleaned):
        raise PlanError(f"keep each goal under {MAX_TEXT} characters")
    return cleaned


@dataclass(frozen=True)
class CommitmentPlan:
    partners: tuple[str, str]
    proposed_by: str
    start: date
    initial_review: date
    goals: tuple[str, ...]
    agreements: tuple[Agreement, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()

    def __post_init__(self) -> None:
        if len(self.partners) != 2 or self.partners[0] == self.partners[1] or not all(self.partners):
            raise PlanError("a commitment plan is made by two different partners")
        if self.initial_review <= self.start:
            raise PlanError("the review date must come after the start date")
        object.__setattr__(self, "goals", _clean_goals(tuple(self.goals)))

    @classmethod
    def propose(
        cls,
        partners: tuple[str, str],
        *,
        proposed_by: str,
        start: date,
        goals: tuple[str, ...],
        weeks: int | None = None,
        review: date | None = None,
    ) -> CommitmentPlan:
        """A plan nobody has agreed to yet; give either ``weeks`` or a ``review`` date."""
        if (weeks is None) == (review is None):
            raise PlanError("give either the number of weeks or a review date")
        if weeks is not None and not 1 <= weeks <= 104:
            raise PlanError("a commitment lasts between 1 and 104 weeks")
        review_date = review if review is not None else start + timedelta(weeks=weeks or 0)
        return cls((partners[0], partners[1]), proposed_by, start, review_date, tuple(goals))

    @property
    def review(self) -> date:
        """The review date in force (after any adjustments)."""
        return self.adjustments[-1].new_review if self.adjustments else self.initial_review

    @property
    def agreed_by(self) -> tuple[str, ...]:
        return tuple(agreement.partner for agreement in self.agreements)

    @property
    def is_agreed(self) -> bool:
        return set(self.agreed_by) == set(self.partners)

    def agree(self, partner: str, at: datetime) -> CommitmentPlan:
        """Record one partner's explicit agreement."""
        if partner not in self.partners:
            raise PlanError("only the two partners in this plan can agree to it")
        if partner in self.agreed_by:
            raise PlanError("this partner has already agreed to the plan")
        if at.tzinfo is None:
            raise PlanError("the time of agreement must carry a time zone")
        if at.date() > self.review:
            raise PlanError("the plan's review date has passed; adjust it before agreeing")
        return replace(self, agreements=(*self.agreements, Agreement(partner, at)))

    def adjust_review(self, new_review: date, *, on: date, by: str, reason: str) -> CommitmentPlan:
        """Move the review date; the old date and the reason stay in the history."""
        reason = reason.strip()
        if not reason:
            raise PlanError("say why the review date moves")
        if len(reason) > MAX_TEXT:
            raise PlanError(f"keep the reason under {MAX_TEXT} characters")
        if new_review <= self.start:
            raise PlanError("the review date must come after the start date")
        if new_review == self.review:
            raise PlanError("the new review date is the same as the current one")
        if on < self.start or (self.adjustments and on < self.adjustments[-1].on):
            raise PlanError("an adjustment cannot be dated before the start or an earlier adjustment")
        if new_review < on:
            raise PlanError("the new review date is already in the past")
        adjustment = Adjustment(on=on, by=by, reason=reason, old_review=self.review, new_review=new_review)
        return replace(self, adjustments=(*self.adjustments, adjustment))

    def week_of(self, day: date) -> int:
        """Which week of the plan ``day`` falls in (1 = the first week; 0 = before the start)."""
        return 0 if day < self.start else (day - self.start).days // 7 + 1

    def is_due_for_review(self, today: date) -> bool:
        return today >= self.review
