"""Reliable change per partner on the relationship check-in (statistics from twofold.instruments)."""

from __future__ import annotations

from datetime import date

import pytest

from twofold.plan import CheckinScale, CheckinScore, PlanError, couple_outcomes, partner_outcome

SAM, ALEX = "sam", "alex"
# SD 10, reliability 0.9: S_diff = sqrt(2) * 10 * sqrt(0.1) = 4.472; reliable change needs |diff| > 8.77.
SCALE = CheckinScale(sd_pre=10, reliability=0.9, cutoff=50)


def _scores(partner: str, *values: float) -> list[CheckinScore]:
    return [CheckinScore(partner, date(2026, 2, 2 + 7 * i) if i < 4 else date(2026, 3, 2 + 7 * (i - 4)), v)
            for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "category"),
    [
        ((40, 45, 55), "recovered"),
        ((20, 35), "improved"),
        ((55, 60), "unchanged"),
        ((60, 48), "deteriorated"),
        ((40, 70, 44), "unchanged"),  # first to latest, not the best score
    ],
)
def test_categories_from_first_to_latest(values: tuple[float, ...], category: str) -> None:
    outcome = partner_outcome(_scores(SAM, *values), SAM, SCALE)
    assert outcome.category == category
    assert outcome.first is not None and outcome.first.score == values[0]
    assert outcome.latest is not None and outcome.latest.score == values[-1]
    assert outcome.change is not None
    assert outcome.change.rci == pytest.approx((values[-1] - values[0]) / 4.47213595)


def test_lower_is_better_scales() -> None:
    scale = CheckinScale(sd_pre=10, reliability=0.9, cutoff=50, higher_is_better=False)
    assert partner_outcome(_scores(SAM, 60, 40), SAM, scale).category == "recovered"


def test_each_partner_is_scored_separately() -> None:
    scores = _scores(SAM, 40, 55) + _scores(ALEX, 50, 38)
    sam, alex = couple_outcomes(scores, (SAM, ALEX), SCALE)
    assert (sam.partner, sam.category) == (SAM, "recovered")
    assert (alex.partner, alex.category) == (ALEX, "deteriorated")


def test_not_enough_check_ins_gives_no_category() -> None:
    assert partner_outcome([], SAM, SCALE).category is None
    one = partner_outcome(_scores(SAM, 40), SAM, SCALE)
    assert (one.first, one.change) == (one.latest, None)
    later = partner_outcome(_scores(SAM, 40, 60), SAM, SCALE, today=date(2026, 2, 5))
    assert later.change is None


def test_bad_scales_are_refused() -> None:
    with pytest.raises(PlanError):
        CheckinScale(sd_pre=0, reliability=0.9, cutoff=1)
    with pytest.raises(PlanError):
        CheckinScale(sd_pre=1, reliability=1.0, cutoff=1)
