"""Bad answers: each kind has its own exception and a message per item."""

from __future__ import annotations

import pytest

from twofold.instruments import (
    AnswerError,
    MissingAnswersError,
    NonNumericAnswerError,
    OutOfRangeError,
    UnknownItemError,
    get_instrument,
    score,
)

FULL = {n: 4 for n in range(1, 15)}


def _attachment(**changes: object) -> dict[object, object]:
    answers: dict[object, object] = dict(FULL)
    for key, value in changes.items():
        number = int(key[1:])
        if value is ...:
            answers.pop(number)
        else:
            answers[number] = value
    return answers


@pytest.mark.parametrize(
    ("answers", "error", "problems"),
    [
        (_attachment(i3=...), MissingAnswersError, {3: "not answered (every item is needed)"}),
        (_attachment(i3=None), MissingAnswersError, {3: "not answered (every item is needed)"}),
        (_attachment(i3="  "), MissingAnswersError, {3: "not answered (every item is needed)"}),
        (_attachment(i2=8), OutOfRangeError, {2: "8 is outside the scale 1-7"}),
        (_attachment(i2=0), OutOfRangeError, {2: "0 is outside the scale 1-7"}),
        (_attachment(i5="lots"), NonNumericAnswerError, {5: "expected a whole number, got 'lots'"}),
        (_attachment(i5=4.5), NonNumericAnswerError, {5: "expected a whole number, got 4.5"}),
        (_attachment(i5=True), NonNumericAnswerError, {5: "expected a whole number, got True"}),
        (FULL | {15: 3}, UnknownItemError, {"15": "attachment-check has no item 15 (items are 1-14)"}),
        (FULL | {"q1": 3}, UnknownItemError, {"q1": "attachment-check has no item 'q1' (items are 1-14)"}),
    ],
)
def test_each_kind_of_problem(answers: dict, error: type[AnswerError], problems: dict) -> None:
    with pytest.raises(error) as caught:
        score(get_instrument("attachment-check"), answers)
    assert caught.value.problems == problems
    assert caught.value.instrument_id == "attachment-check"


def test_string_keys_and_values_from_json_or_forms_are_accepted() -> None:
    answers = {str(n): str(v) for n, v in FULL.items()} | {"1": 7.0}
    assert score(get_instrument("attachment-check"), answers).subscales["anxiety"].score > 4


def test_all_problems_are_reported_and_the_most_basic_kind_is_raised() -> None:
    answers = _attachment(i1=..., i2=9, i4="x") | {20: 1}
    with pytest.raises(UnknownItemError) as caught:
        score(get_instrument("attachment-check"), answers)
    assert list(caught.value.problems) == [1, 2, 4, "20"]
    assert "item 2: 9 is outside" in str(caught.value)


def test_yes_no_and_text_values_are_checked() -> None:
    answers: dict[object, object] = {n: "no" for n in range(1, 11)} | {n: 4 for n in range(11, 17)}
    with pytest.raises(NonNumericAnswerError) as caught:
        score(get_instrument("commitment-stance"), answers | {3: "maybe"})
    assert caught.value.problems == {3: "expected yes or no, got 'maybe'"}

    factors = {1: 1, 3: 1, 5: 1, 7: 1, 9: 1, 11: 1}
    with pytest.raises(NonNumericAnswerError) as caught:
        score(get_instrument("contributing-factors"), factors | {2: 5})
    assert caught.value.problems == {2: "expected text, got 5"}
    with pytest.raises(OutOfRangeError):
        score(get_instrument("contributing-factors"), factors | {2: "x" * 2001})


def test_same_item_twice_is_rejected() -> None:
    with pytest.raises(UnknownItemError) as caught:
        score(get_instrument("attachment-check"), FULL | {"3": 5})
    assert "answered twice" in caught.value.problems[3]
