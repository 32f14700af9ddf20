"""Property tests: scores stay within range for any valid answers; reversing twice is identity."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from twofold.instruments import Instrument, get_instrument, item_score, list_instruments, score

OWN_AND_KEYS = [i.id for i in list_instruments()]


def _answer(instrument: Instrument, item) -> st.SearchStrategy[object]:  # type: ignore[no-untyped-def]
    if item.type == "yes_no":
        return st.booleans()
    if item.type == "text":
        return st.text(max_size=40)
    scale = instrument.scale_for(item)
    return st.integers(scale.min, scale.max)


@st.composite
def sittings(draw: st.DrawFn) -> tuple[Instrument, dict[int, object]]:
    instrument = get_instrument(draw(st.sampled_from(OWN_AND_KEYS)))
    answers = {item.number: draw(_answer(instrument, item)) for item in instrument.items}
    return instrument, answers


def _bounds(instrument: Instrument, items, method: str) -> tuple[Decimal, Decimal]:  # type: ignore[no-untyped-def]
    lows = [0 if i.type == "yes_no" else instrument.scale_for(i).min for i in items]
    highs = [1 if i.type == "yes_no" else instrument.scale_for(i).max for i in items]
    if method == "mean":
        return Decimal(min(lows)), Decimal(max(highs))
    return Decimal(sum(lows)), Decimal(sum(highs))


@settings(max_examples=200, deadline=None)
@given(sittings())
def test_scores_stay_in_range(sitting: tuple[Instrument, dict[int, object]]) -> None:
    instrument, answers = sitting
    result = score(instrument, answers)
    for sub in instrument.subscales:
        low, high = _bounds(instrument, instrument.subscale_items(sub.id), sub.method)
        assert low <= result.subscales[sub.id].score <= high
        assert result.subscales[sub.id].score.as_tuple().exponent >= -2  # at most two decimals
    if instrument.total is not None:
        low, high = _bounds(instrument, instrument.scored_items(), instrument.total.method)
        assert result.total is not None and low <= result.total <= high
    assert result.answered == result.expected and not result.prorated


@given(st.sampled_from(["attachment-check", "ecr-r", "commitment-stance"]), st.data())
def test_reversing_twice_is_identity(instrument_id: str, data: st.DataObject) -> None:
    instrument = get_instrument(instrument_id)
    item = data.draw(st.sampled_from([i for i in instrument.items if i.reverse]))
    scale = instrument.scale_for(item)
    value = data.draw(st.integers(scale.min, scale.max))
    once = item_score(instrument, item, value)
    assert scale.min <= once <= scale.max
    assert item_score(instrument, item, once) == value


@given(st.lists(st.integers(0, 4), min_size=11, max_size=11))
def test_safety_screen_positive_whenever_a_critical_item_is_above_never(values: list[int]) -> None:
    screen = get_instrument("safety-screen")
    result = score(screen, dict(zip(range(1, 12), values)))
    critical = {1, 2, 4, 6, 7, 8, 9, 10, 11}
    expected = any(values[n - 1] > 0 for n in critical) or sum(values) > 4
    assert result.positive is expected
    assert result.conjoint_work_advised is (not expected)


@given(st.integers(1, 7), st.integers(1, 7))
def test_attachment_pattern_covers_every_quadrant(anx: int, avo: int) -> None:
    answers = {n: anx for n in (1, 3, 5, 7, 9, 11, 13)} | {n: avo for n in (2, 4, 6, 8, 10, 12, 14)}
    result = score(get_instrument("attachment-check"), answers)
    assert result.pattern in {"secure", "anxious", "avoidant", "disorganized"}
    high_anx = result.subscales["anxiety"].score > 4
    high_avo = result.subscales["avoidance"].score > 4
    assert result.pattern == {(False, False): "secure", (True, False): "anxious",
                              (False, True): "avoidant", (True, True): "disorganized"}[(high_anx, high_avo)]
