"""Scoring our own instruments: reverse keys, bands, boundaries, rules and the rounding rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.instruments.conftest import minimal_definition
from twofold.instruments import Instrument, MissingAnswersError, get_instrument, round2, score

D = Decimal


def test_round2_is_half_up() -> None:
    assert round2(D("4.125")) == D("4.13")  # banker's rounding would give 4.12
    assert round2(D("4.115")) == D("4.12")
    assert round2(D("4.124999")) == D("4.12")


def test_mean_of_eight_items_rounds_half_up() -> None:
    items = [{"number": n, "text": f"item {n}"} for n in range(1, 9)]
    tiny = Instrument.model_validate(minimal_definition(items=items), strict=True)
    # 5+5+5+5+5+4+2+2 = 33; 33 / 8 = 4.125 -> 4.13
    assert score(tiny, dict(zip(range(1, 9), [5, 5, 5, 5, 5, 4, 2, 2]))).total == D("4.13")


def test_reverse_key_on_a_one_to_five_scale() -> None:
    tiny = Instrument.model_validate(minimal_definition(), strict=True)
    # item 3 reversed: 1 -> 5; (2 + 2 + 5 + 3) / 4 = 3.00
    assert score(tiny, {1: 2, 2: 2, 3: 1, 4: 3}).total == D("3.00")


# -- attachment check: anxiety items 1, 3R, 5, 7, 9, 11R, 13; avoidance 2, 4R, 6, 8, 10R, 12, 14R


def test_attachment_check_anxious() -> None:
    answers = {1: 7, 3: 1, 5: 6, 7: 6, 9: 5, 11: 2, 13: 5}  # keyed 7+7+6+6+5+6+5 = 42 -> 6.00
    answers |= {2: 2, 4: 6, 6: 3, 8: 2, 10: 7, 12: 3, 14: 5}  # keyed 2+2+3+2+1+3+3 = 16 -> 2.29
    result = score(get_instrument("attachment-check"), answers)
    assert result.subscales["anxiety"].score == D("6.00")
    assert result.subscales["avoidance"].score == D("2.29")
    assert result.subscales["anxiety"].band == "higher"
    assert result.pattern == "anxious"
    assert any("exactly 4.0 counts as low" in note for note in result.notes)


def test_attachment_check_exactly_on_the_midpoint_counts_as_low() -> None:
    # every answer 4: reversed items stay 4, both means 4.00 -> low, low -> secure
    result = score(get_instrument("attachment-check"), {n: 4 for n in range(1, 15)})
    assert result.subscales["anxiety"].score == D("4.00") == result.subscales["avoidance"].score
    assert result.subscales["anxiety"].band == "lower"
    assert result.pattern == "secure"


def test_attachment_check_just_above_the_midpoint_is_high() -> None:
    # anxiety keyed 5+4+4+4+4+4+4 = 29 -> 4.14 (high); avoidance keyed all 5 -> 5.00 (high)
    answers = {1: 5, 3: 4, 5: 4, 7: 4, 9: 4, 11: 4, 13: 4}
    answers |= {2: 5, 4: 3, 6: 5, 8: 5, 10: 3, 12: 5, 14: 3}
    result = score(get_instrument("attachment-check"), answers)
    assert result.subscales["anxiety"].score == D("4.14")
    assert result.subscales["avoidance"].score == D("5.00")
    assert result.pattern == "disorganized"


@pytest.mark.parametrize(("value", "anxiety", "avoidance", "pattern"), [
    (1, "2.71", "3.57", "secure"),  # anxiety (5*1 + 2*7)/7 = 19/7; avoidance (4*1 + 3*7)/7 = 25/7
    (7, "5.29", "4.43", "disorganized"),  # anxiety (5*7 + 2*1)/7 = 37/7; avoidance (4*7 + 3*1)/7 = 31/7
])
def test_attachment_check_all_min_and_all_max(value: int, anxiety: str, avoidance: str, pattern: str) -> None:
    result = score(get_instrument("attachment-check"), {n: value for n in range(1, 15)})
    assert (result.subscales["anxiety"].score, result.subscales["avoidance"].score) == (D(anxiety), D(avoidance))
    assert result.pattern == pattern


# -- relationship check-in: 5 items 1-7, item 4 reversed, mean, distress below 4.5


@pytest.mark.parametrize(("answers", "total", "band"), [
    ({1: 5, 2: 4, 3: 5, 4: 3, 5: 4}, "4.60", "doing okay"),  # 5+4+5+5+4 = 23 -> 4.60
    ({1: 4, 2: 4, 3: 5, 4: 4, 5: 5}, "4.40", "distress"),  # 22 -> 4.40
    ({n: 1 for n in range(1, 6)}, "2.20", "distress"),  # 1+1+1+7+1 = 11
    ({n: 7 for n in range(1, 6)}, "5.80", "doing okay"),  # 7+7+7+1+7 = 29
])
def test_checkin_bands(answers: dict[int, int], total: str, band: str) -> None:
    result = score(get_instrument("relationship-checkin"), answers)
    assert result.total == D(total)
    assert result.band == band
    assert not result.prorated


def test_checkin_prorates_exactly_on_the_cutoff() -> None:
    # item 5 skipped: (5 + 4 + 4 + 5) / 4 = 4.50, not below 4.5 -> doing okay
    result = score(get_instrument("relationship-checkin"), {1: 5, 2: 4, 3: 4, 4: 3})
    assert result.total == D("4.50")
    assert result.band == "doing okay"
    assert result.prorated and result.answered == 4 and result.expected == 5


def test_checkin_refuses_when_too_little_is_answered() -> None:
    with pytest.raises(MissingAnswersError) as caught:
        score(get_instrument("relationship-checkin"), {1: 5, 2: 4, 3: 4})
    assert set(caught.value.problems) == {4, 5}
    assert "at least 4 of 5" in caught.value.problems[4]


def test_prorated_sum_scales_up_and_rounds() -> None:
    data = minimal_definition(total={"method": "sum"}, prorate={"min_share": 0.5})
    tiny = Instrument.model_validate(data, strict=True)
    # items 1 and 2 answered (2 + 3 = 5), 4 items: 5 * 4 / 2 = 10.00
    assert score(tiny, {1: 2, 2: 3}).total == D("10.00")
    # items 1, 2, 4 answered: (2 + 3 + 2) * 4 / 3 = 9.333 -> 9.33
    assert score(tiny, {1: 2, 2: 3, 4: 2}).total == D("9.33")


# -- commitment stance: steps 1-10 yes/no, hope 11, 12, 13R, motivation 14-16


def _stance(yes: int, hope: tuple[int, int, int], motivation: tuple[int, int, int]) -> object:
    answers: dict[int, object] = {n: n <= yes for n in range(1, 11)}
    answers |= dict(zip((11, 12, 13), hope)) | dict(zip((14, 15, 16), motivation))
    return score(get_instrument("commitment-stance"), answers)


@pytest.mark.parametrize(("yes", "hope", "motivation", "stance"), [
    (1, (6, 5, 2), (5, 5, 5), "leaning_in"),  # steps 1, hope 17/3 = 5.67, motivation 5.00 (on the bound)
    (2, (7, 7, 1), (7, 7, 7), "mixed"),  # two steps is more than 1
    (0, (5, 5, 3), (5, 5, 4), "mixed"),  # motivation 4.67 < 5
    (4, (6, 6, 2), (3, 3, 3), "leaning_out"),  # 4 steps and motivation 3.00 (on the bound)
    (0, (2, 3, 6), (2, 2, 3), "leaning_out"),  # hope 7/3 = 2.33 and motivation 2.33
    (4, (6, 6, 2), (6, 6, 6), "mixed"),  # steps taken but still motivated
    (3, (4, 4, 4), (3, 3, 3), "mixed"),  # low motivation, 3 steps, hope 4.00
])
def test_commitment_stance_rules(yes: int, hope, motivation, stance: str) -> None:  # type: ignore[no-untyped-def]
    result = _stance(yes, hope, motivation)
    assert result.stance == stance  # type: ignore[attr-defined]
    assert result.subscales["steps"].score == yes  # type: ignore[attr-defined]
    assert result.visibility == "private"  # type: ignore[attr-defined]


def test_commitment_stance_reverse_keyed_hope_item() -> None:
    result = _stance(0, (7, 7, 7), (7, 7, 7))  # item 13 reversed: 7 -> 1; (7 + 7 + 1) / 3 = 5.00
    assert result.subscales["hope"].score == D("5.00")  # type: ignore[attr-defined]
    assert result.subscales["steps"].band == "few steps"  # type: ignore[attr-defined]


def test_commitment_steps_accept_yes_no_words() -> None:
    answers = {n: "no" for n in range(1, 11)} | {1: "yes", 2: "Y", 3: 1, 4: True}
    answers |= {n: 4 for n in range(11, 17)}
    assert score(get_instrument("commitment-stance"), answers).subscales["steps"].score == 4


# -- contributing factors: ratings 0-4 on odd items, details on even items


def test_contributing_factors_keep_details_unscored() -> None:
    answers = {1: 3, 3: 0, 5: 2, 7: 4, 9: 0, 11: 1, 2: "  Night shifts since March.  ", 4: "", 12: "A message last year."}
    result = score(get_instrument("contributing-factors"), answers)
    assert {k: v.score for k, v in result.subscales.items()} == {
        "work": 3, "health": 0, "family": 2, "mental_health": 4, "substance_use": 0, "infidelity": 1,
    }
    assert dict(result.details) == {2: "Night shifts since March.", 12: "A message last year."}
    assert result.total is None and result.expected == 6 and result.answered == 6


def test_contributing_factors_need_every_rating() -> None:
    with pytest.raises(MissingAnswersError) as caught:
        score(get_instrument("contributing-factors"), {1: 3, 3: 0, 5: 2, 7: 4, 9: 0})
    assert list(caught.value.problems) == [11]


# -- safety screen: 0-4 'never'..'often'; critical items 1, 2, 4, 6-11; insults 3 and screaming 5


def _screen(**values: int) -> object:
    answers = {n: 0 for n in range(1, 12)} | {int(k[1:]): v for k, v in values.items()}
    return score(get_instrument("safety-screen"), answers)


@pytest.mark.parametrize(("values", "positive"), [
    ({}, False),  # all never
    ({"i6": 1}, True),  # afraid, even rarely
    ({"i1": 4}, True),
    ({"i9": 1}, True),  # phone checked
    ({"i3": 2, "i5": 2}, False),  # total 4: not above 4
    ({"i3": 3, "i5": 2}, True),  # total 5
    ({"i3": 4, "i5": 0}, False),
])
def test_safety_screen_positive_rule(values: dict[str, int], positive: bool) -> None:
    result = _screen(**values)
    assert result.positive is positive  # type: ignore[attr-defined]
    assert result.conjoint_work_advised is (not positive)  # type: ignore[attr-defined]
    assert result.therapist_flag_only and result.visibility == "private"  # type: ignore[attr-defined]


def test_safety_screen_all_max() -> None:
    result = score(get_instrument("safety-screen"), {n: 4 for n in range(1, 12)})
    assert result.total == 44 and result.positive


def test_safety_screen_never_prorates() -> None:
    with pytest.raises(MissingAnswersError):
        score(get_instrument("safety-screen"), {n: 0 for n in range(1, 11)})


def test_result_to_dict_is_json_ready() -> None:
    import json

    result = score(get_instrument("relationship-checkin"), {1: 5, 2: 4, 3: 5, 4: 3, 5: 4})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["total"] == 4.6 and data["band"] == "doing okay"
    assert data["instrument"] == "relationship-checkin" and data["version"] == "1"
