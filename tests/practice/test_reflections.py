"""Reflections, streaks across year boundaries, and weekly counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofold.practice.reflections import (
    Reflection,
    ReflectionError,
    WeekCount,
    current_streak,
    longest_streak,
    weekly_counts,
)
from twofold.practice.weeks import IsoWeek


def _reflection(**changes: object) -> Reflection:
    fields: dict[str, object] = {
        "person_id": "maya",
        "week": IsoWeek(2026, 10),
        "challenge_id": "relief-first-sentence",
        "what_i_tried": "  I started by saying I was on his side.  ",
        "how_partner_responded": "He relaxed and sat down.",
        "how_it_felt": "Odd at first, then lighter.",
        "what_id_do_again": "",
        "written_at": datetime(2026, 3, 8, 20, 0, tzinfo=UTC),
    }
    fields.update(changes)
    return Reflection(**fields)  # type: ignore[arg-type]


def test_a_reflection_is_trimmed_and_private_by_default() -> None:
    entry = _reflection()
    assert entry.what_i_tried == "I started by saying I was on his side."
    assert entry.shared is False
    assert entry.with_sharing(True).shared is True
    assert entry.shared is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"what_i_tried": "   "}, "what_i_tried"),
        ({"how_it_felt": ""}, "how_it_felt"),
        ({"how_partner_responded": "x" * 2001}, "how_partner_responded"),
        ({"what_id_do_again": None}, "what_id_do_again"),
        ({"challenge_id": ""}, "challenge_id"),
        ({"written_at": datetime(2026, 3, 8, 20, 0)}, "written_at"),
        ({"written_at": datetime(2026, 3, 1, 20, 0, tzinfo=UTC)}, "written_at"),
    ],
)
def test_invalid_fields_are_named(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ReflectionError) as refused:
        _reflection(**changes)
    assert refused.value.field == field


def test_iso_weeks_parse_validate_and_order() -> None:
    assert IsoWeek.parse("2020-W53") == IsoWeek(2020, 53)
    assert str(IsoWeek(2026, 7)) == "2026-W07"
    assert IsoWeek.of(date(2021, 1, 3)) == IsoWeek(2020, 53)
    assert IsoWeek(2020, 53).shifted(1) == IsoWeek(2021, 1)
    assert IsoWeek(2020, 53) < IsoWeek(2021, 1)
    with pytest.raises(ValueError):
        IsoWeek(2021, 53)
    with pytest.raises(ValueError):
        IsoWeek.parse("week 7")


def test_streak_runs_across_a_53_week_year() -> None:
    weeks = [IsoWeek(2020, 52), IsoWeek(2020, 53), IsoWeek(2021, 1), IsoWeek(2021, 2)]
    assert current_streak(weeks, IsoWeek(2021, 2)) == 4
    assert longest_streak(weeks) == 4


def test_streak_runs_across_a_52_week_year() -> None:
    weeks = [IsoWeek(2025, 51), IsoWeek(2025, 52), IsoWeek(2026, 1)]
    assert current_streak(weeks, IsoWeek(2026, 1)) == 3


def test_this_week_not_done_yet_keeps_the_streak_alive_but_a_missed_week_breaks_it() -> None:
    weeks = [IsoWeek(2026, 8), IsoWeek(2026, 9)]
    assert current_streak(weeks, IsoWeek(2026, 10)) == 2
    assert current_streak(weeks, IsoWeek(2026, 11)) == 0
    assert current_streak([], IsoWeek(2026, 11)) == 0


def test_longest_streak_finds_the_best_run() -> None:
    weeks = [IsoWeek(2026, w) for w in (1, 2, 3, 5, 6, 9, 10, 11, 12)]
    assert longest_streak(weeks) == 4
    assert longest_streak([IsoWeek(2026, 3), IsoWeek(2026, 3)]) == 1


def test_weekly_counts_include_empty_weeks_across_new_year() -> None:
    weeks = [IsoWeek(2020, 53), IsoWeek(2020, 53), IsoWeek(2021, 2)]
    assert weekly_counts(weeks, IsoWeek(2020, 52), IsoWeek(2021, 2)) == (
        WeekCount(IsoWeek(2020, 52), 0),
        WeekCount(IsoWeek(2020, 53), 2),
        WeekCount(IsoWeek(2021, 1), 0),
        WeekCount(IsoWeek(2021, 2), 1),
    )
    with pytest.raises(ValueError):
        weekly_counts(weeks, IsoWeek(2021, 2), IsoWeek(2021, 1))


@given(st.sets(st.integers(min_value=0, max_value=200)), st.integers(min_value=0, max_value=210))
def test_streaks_are_bounded_by_weeks_done(offsets: set[int], now_offset: int) -> None:
    base = IsoWeek(2019, 1)
    weeks = [base.shifted(n) for n in offsets]
    now = base.shifted(now_offset)
    assert 0 <= current_streak(weeks, now) <= longest_streak(weeks) <= len(offsets)
    counts = weekly_counts(weeks, base, base.shifted(210))
    assert sum(c.count for c in counts) == len(offsets)
    assert [c.week for c in counts] == sorted(c.week for c in counts)
