"""The review decision: three paths, each partner's choice, agreement."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from twofold.plan import DecisionPath, PlanError, ReviewDecision

SAM, ALEX = "sam", "alex"
T = datetime(2026, 4, 27, 17, tzinfo=UTC)


def _decision() -> ReviewDecision:
    return ReviewDecision((SAM, ALEX), date(2026, 4, 27))


def test_three_paths_with_our_descriptions() -> None:
    assert {p.value for p in DecisionPath} == {"status_quo", "separate", "all_out_effort"}
    assert all(p.description for p in DecisionPath)


def test_both_choose_separate_and_agree() -> None:
    decision = _decision().choose(SAM, "separate", T).choose(ALEX, DecisionPath.SEPARATE, T)
    assert decision.both_chose and decision.agreed
    assert decision.path is DecisionPath.SEPARATE
    assert decision.separation_on_the_table


def test_disagreement_is_recorded_and_a_mind_can_change() -> None:
    decision = _decision().choose(SAM, "all_out_effort", T).choose(ALEX, "separate", T)
    assert decision.both_chose and not decision.agreed and decision.path is None
    assert decision.separation_on_the_table
    changed = decision.choose(ALEX, "all_out_effort", T, note="Willing to try six more months")
    assert changed.agreed and changed.path is DecisionPath.ALL_OUT_EFFORT
    assert changed.current[ALEX].effort_weeks == 26
    assert len(changed.choices) == 3, "the earlier choice stays in the history"
    assert not changed.separation_on_the_table


def test_an_all_out_effort_needs_the_same_length() -> None:
    decision = _decision().choose(SAM, "all_out_effort", T, effort_weeks=12).choose(ALEX, "all_out_effort", T)
    assert not decision.agreed


def test_one_choice_is_not_agreement() -> None:
    decision = _decision().choose(SAM, "status_quo", T)
    assert not decision.both_chose and not decision.agreed and decision.path is None


@pytest.mark.parametrize(
    ("partner", "path", "kwargs", "message"),
    [
        ("dr-rivera", "separate", {}, "only the two partners"),
        (SAM, "divorce", {}, "divorce"),
        (SAM, "separate", {"effort_weeks": 10}, "only an all-out effort"),
        (SAM, "all_out_effort", {"effort_weeks": 0}, "between 1 and 104"),
        (SAM, "separate", {"note": "x" * 2001}, "2000"),
    ],
)
def test_bad_choices_are_refused(partner: str, path: str, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _decision().choose(partner, path, T, **kwargs)  # type: ignore[arg-type]


def test_time_must_be_aware_and_in_order() -> None:
    with pytest.raises(PlanError, match="time zone"):
        _decision().choose(SAM, "separate", datetime(2026, 4, 27))
    later = _decision().choose(SAM, "separate", T)
    with pytest.raises(PlanError, match="before an earlier one"):
        later.choose(ALEX, "separate", datetime(2026, 4, 26, tzinfo=UTC))
