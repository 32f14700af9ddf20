"""The commitment plan: agreement, review date, append-only adjustments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from twofold.plan import Adjustment, CommitmentPlan, PlanError

SAM, ALEX, RIVERA = "sam", "alex", "dr-rivera"
START = date(2026, 2, 2)


def _plan() -> CommitmentPlan:
    return CommitmentPlan.propose((SAM, ALEX), proposed_by=RIVERA, start=START, weeks=12,
                                  goals=("  Come to every session ", "One lean-in conversation a week"))


def test_a_twelve_week_plan() -> None:
    plan = _plan()
    assert plan.review == date(2026, 4, 27)
    assert plan.goals == ("Come to every session", "One lean-in conversation a week")
    assert not plan.is_agreed
    assert plan.week_of(date(2026, 2, 1)) == 0
    assert plan.week_of(START) == 1
    assert plan.week_of(date(2026, 3, 10)) == 6


def test_both_partners_agree_explicitly() -> None:
    plan = _plan().agree(SAM, datetime(2026, 2, 2, 18, tzinfo=UTC))
    assert plan.agreed_by == (SAM,) and not plan.is_agreed
    plan = plan.agree(ALEX, datetime(2026, 2, 3, 9, tzinfo=UTC))
    assert plan.is_agreed
    assert plan.agreements[1].agreed_at == datetime(2026, 2, 3, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("partner", "message"),
    [(RIVERA, "only the two partners"), ("outsider", "only the two partners")],
)
def test_an_agreement_by_someone_outside_the_couple_is_refused(partner: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        _plan().agree(partner, datetime(2026, 2, 2, tzinfo=UTC))


def test_agreeing_twice_or_without_a_zone_or_after_the_review_is_refused() -> None:
    plan = _plan().agree(SAM, datetime(2026, 2, 2, tzinfo=UTC))
    with pytest.raises(PlanError, match="already agreed"):
        plan.agree(SAM, datetime(2026, 2, 3, tzinfo=UTC))
    with pytest.raises(PlanError, match="time zone"):
        plan.agree(ALEX, datetime(2026, 2, 3))
    with pytest.raises(PlanError, match="review date has passed"):
        plan.agree(ALEX, datetime(2026, 5, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"review": date(2026, 2, 1)}, "after the start"),
        ({"review": START}, "after the start"),
        ({"weeks": 0}, "between 1 and 104"),
        ({}, "either the number of weeks or a review date"),
        ({"weeks": 4, "review": date(2026, 6, 1)}, "either the number of weeks or a review date"),
        ({"weeks": 4, "goals": ()}, "at least one goal"),
        ({"weeks": 4, "goals": ("ok", " ")}, "no goal empty"),
        ({"weeks": 4, "goals": ("x" * 501,)}, "500 characters"),
    ],
)
def test_bad_plans_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"goals": ("Attend",), **kwargs}
    with pytest.raises(PlanError, match=message):
        CommitmentPlan.propose((SAM, ALEX), proposed_by=RIVERA, start=START, **args)  # type: ignore[arg-type]


def test_same_partner_twice_is_refused() -> None:
    with pytest.raises(PlanError, match="two different partners"):
        CommitmentPlan.propose((SAM, SAM), proposed_by=RIVERA, start=START, weeks=4, goals=("x",))


def test_adjustments_are_appended_and_keep_the_old_date() -> None:
    plan = _plan()
    first = plan.adjust_review(date(2026, 5, 11), on=date(2026, 3, 2), by=RIVERA, reason="Two sessions lost to illness")
    second = first.adjust_review(date(2026, 5, 4), on=date(2026, 3, 9), by=SAM, reason="Alex asked to keep it shorter")
    assert plan.adjustments == ()
    assert plan.review == date(2026, 4, 27)
    assert second.initial_review == date(2026, 4, 27)
    assert second.review == date(2026, 5, 4)
    assert second.adjustments == (
        Adjustment(date(2026, 3, 2), RIVERA, "Two sessions lost to illness", date(2026, 4, 27), date(2026, 5, 11)),
        Adjustment(date(2026, 3, 9), SAM, "Alex asked to keep it shorter", date(2026, 5, 11), date(2026, 5, 4)),
    )
    assert second.adjustments[0] is first.adjustments[0]


@pytest.mark.parametrize(
    ("new_review", "on", "reason", "message"),
    [
        (date(2026, 5, 4), date(2026, 3, 1), "  ", "say why"),
        (date(2026, 1, 5), date(2026, 3, 1), "x", "after the start"),
        (date(2026, 4, 27), date(2026, 3, 1), "x", "same as the current"),
        (date(2026, 5, 4), date(2026, 1, 1), "x", "before the start"),
        (date(2026, 3, 1), date(2026, 3, 9), "x", "already in the past"),
    ],
)
def test_bad_adjustments_are_refused(new_review: date, on: date, reason: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        _plan().adjust_review(new_review, on=on, by=RIVERA, reason=reason)


def test_an_adjustment_cannot_predate_the_previous_one() -> None:
    plan = _plan().adjust_review(date(2026, 5, 11), on=date(2026, 3, 9), by=RIVERA, reason="Holiday")
    with pytest.raises(PlanError, match="earlier adjustment"):
        plan.adjust_review(date(2026, 5, 18), on=date(2026, 3, 2), by=RIVERA, reason="Oops")


def test_due_for_review() -> None:
    plan = _plan()
    assert not plan.is_due_for_review(date(2026, 4, 26))
    assert plan.is_due_for_review(date(2026, 4, 27))
