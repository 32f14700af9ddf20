"""Jacobson-Truax reliable change and cutoffs, against hand-computed fixtures."""

import math

import pytest

from twofold.instruments import (
    ChangeResult,
    Cutoffs,
    classify_change,
    clinical_cutoffs,
    reliable_change_index,
)


def test_worked_check_from_clinical_facts() -> None:
    # M_clin 40, M_func 60, both SD 7.5 -> c = 50 (clinical-facts.md).
    cut = clinical_cutoffs(m_clin=40, sd_clin=7.5, m_func=60, sd_func=7.5)
    assert cut == Cutoffs(a=55.0, b=45.0, c=50.0)


def test_cutoffs_lower_is_better_flip_a_and_b() -> None:
    # Symptom scale: clinical mean 60, functional mean 40.
    cut = clinical_cutoffs(m_clin=60, sd_clin=10, m_func=40, sd_func=5, higher_is_better=False)
    assert cut.a == 40  # 60 - 2*10
    assert cut.b == 50  # 40 + 2*5
    assert cut.c == pytest.approx((10 * 40 + 5 * 60) / 15)  # 46.666...


def test_cutoff_c_weights_by_the_other_groups_sd() -> None:
    # SD_clin 10, SD_func 5: c = (10*60 + 5*40) / 15 = 53.33...
    cut = clinical_cutoffs(m_clin=40, sd_clin=10, m_func=60, sd_func=5)
    assert cut.c == pytest.approx(800 / 15)
    assert cut.a == 60 and cut.b == 50


def test_rci_hand_computed() -> None:
    # SD 10, r .82: SE = 10*sqrt(.18) = 4.2426; S_diff = sqrt(2*18) = 6; 15/6 = 2.5
    assert reliable_change_index(40, 55, sd_pre=10, reliability=0.82) == pytest.approx(2.5)
    # SD 5, r .5: S_diff = sqrt(2 * 12.5) = 5
    assert reliable_change_index(10, 2, sd_pre=5, reliability=0.5) == pytest.approx(-1.6)
    assert reliable_change_index(3, 3, sd_pre=1, reliability=0.9) == 0


def test_rci_formula_matches_closed_form() -> None:
    se = 7.2 * math.sqrt(1 - 0.88)
    expected = (48.5 - 41.0) / math.sqrt(2 * se**2)
    assert reliable_change_index(41.0, 48.5, sd_pre=7.2, reliability=0.88) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sd_pre": 0, "reliability": 0.8}, "sd_pre"),
        ({"sd_pre": 5, "reliability": 1.0}, "reliability"),
        ({"sd_pre": 5, "reliability": -0.1}, "reliability"),
    ],
)
def test_rci_rejects_impossible_parameters(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reliable_change_index(1, 2, **kwargs)


def test_cutoffs_reject_non_positive_sd() -> None:
    with pytest.raises(ValueError):
        clinical_cutoffs(m_clin=1, sd_clin=0, m_func=2, sd_func=1)


# S_diff = 5 with sd_pre=5, reliability=.5, so RCI = (post - pre) / 5.
PARAMS = {"sd_pre": 5, "reliability": 0.5, "cutoff": 50}


@pytest.mark.parametrize(
    ("pre", "post", "category"),
    [
        (40, 55, "recovered"),  # RCI 3, crosses 50 upward
        (40, 50, "recovered"),  # RCI 2, lands exactly on the cutoff: functional side
        (30, 45, "improved"),  # RCI 3, still below 50
        (55, 70, "improved"),  # RCI 3, was already functional
        (40, 49, "unchanged"),  # RCI 1.8
        (60, 45, "deteriorated"),  # RCI -3
        (45, 35, "deteriorated"),  # RCI -2
    ],
)
def test_classify_higher_is_better(pre: float, post: float, category: str) -> None:
    result = classify_change(pre, post, **PARAMS)
    assert result.category == category
    assert result.rci == pytest.approx((post - pre) / 5)
    assert result.reliable == (category != "unchanged")


@pytest.mark.parametrize(
    ("pre", "post", "category"),
    [
        (60, 45, "recovered"),
        (75, 60, "improved"),
        (40, 55, "deteriorated"),
        (50, 45, "unchanged"),
    ],
)
def test_classify_lower_is_better(pre: float, post: float, category: str) -> None:
    assert classify_change(pre, post, **PARAMS, higher_is_better=False).category == category


def test_rci_just_below_threshold_is_not_reliable() -> None:
    result = classify_change(40, 49.75, **PARAMS)  # RCI 1.95
    assert result == ChangeResult(rci=pytest.approx(1.95), reliable=False, category="unchanged")


def test_change_result_is_frozen() -> None:
    result = classify_change(40, 55, **PARAMS)
    with pytest.raises(AttributeError):
        result.category = "x"  # type: ignore[misc]
