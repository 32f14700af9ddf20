"""The pause break: policy, countdown, status, breathing and self-soothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from twofold.practice.pause import (
    Breath,
    BreathingPattern,
    BreakStatus,
    PauseBreak,
    PauseError,
    PausePolicy,
    breathing_phases,
    load_suggestions,
    soothing_suggestions,
)

T0 = datetime(2026, 5, 1, 21, 0, tzinfo=UTC)


def test_default_policy_is_twenty_minutes_within_a_day() -> None:
    brk = PauseBreak.start(T0)
    assert brk.ready_at == T0 + timedelta(minutes=20)
    assert brk.return_at == brk.ready_at
    assert brk.due_by == T0 + timedelta(hours=24)


@pytest.mark.parametrize(
    ("minimum", "within"),
    [(timedelta(0), timedelta(hours=1)), (timedelta(minutes=30), timedelta(minutes=10)),
     (timedelta(minutes=20), timedelta(days=8))],
)
def test_policy_is_validated(minimum: timedelta, within: timedelta) -> None:
    with pytest.raises(PauseError):
        PausePolicy(minimum=minimum, return_within=within)


def test_agreed_return_must_fall_inside_the_policy() -> None:
    with pytest.raises(PauseError, match="no sooner than 20 minutes"):
        PauseBreak.start(T0, return_at=T0 + timedelta(minutes=19))
    with pytest.raises(PauseError, match="within 24 hours"):
        PauseBreak.start(T0, return_at=T0 + timedelta(hours=24, seconds=1))
    assert PauseBreak.start(T0, return_at=T0 + timedelta(hours=24)).return_at == T0 + timedelta(hours=24)


def test_times_need_a_zone() -> None:
    with pytest.raises(PauseError):
        PauseBreak.start(datetime(2026, 5, 1, 21, 0))


@pytest.mark.parametrize(
    ("after", "status", "remaining"),
    [
        (timedelta(0), BreakStatus.TOO_EARLY, timedelta(minutes=20)),
        (timedelta(minutes=19, seconds=59), BreakStatus.TOO_EARLY, timedelta(seconds=1)),
        (timedelta(minutes=20), BreakStatus.READY, timedelta(0)),
        (timedelta(hours=24), BreakStatus.READY, timedelta(0)),
        (timedelta(hours=24, seconds=1), BreakStatus.OVERDUE, timedelta(0)),
    ],
)
def test_status_and_countdown(after: timedelta, status: BreakStatus, remaining: timedelta) -> None:
    brk = PauseBreak.start(T0, return_at=T0 + timedelta(hours=1))
    assert brk.status(T0 + after) is status
    assert brk.remaining(T0 + after) == remaining


def test_countdown_with_a_frozen_clock() -> None:
    brk = PauseBreak.start(T0, return_at=T0 + timedelta(minutes=45))
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        now = datetime.now(UTC)
        assert brk.remaining(now) == timedelta(minutes=15)
        assert brk.until_return(now) == timedelta(minutes=40)


def test_configurable_shorter_policy() -> None:
    policy = PausePolicy(minimum=timedelta(minutes=5), return_within=timedelta(hours=2))
    brk = PauseBreak.start(T0, policy=policy)
    assert brk.status(T0 + timedelta(minutes=5)) is BreakStatus.READY
    assert brk.status(T0 + timedelta(hours=3)) is BreakStatus.OVERDUE


def test_default_breathing_is_four_in_six_out() -> None:
    phases = list(breathing_phases(total_seconds=20))
    assert [(p.kind, p.seconds, p.offset, p.cycle) for p in phases] == [
        (Breath.IN, 4, 0, 0), (Breath.OUT, 6, 4, 0), (Breath.IN, 4, 10, 1), (Breath.OUT, 6, 14, 1),
    ]


def test_breathing_with_holds_and_a_cut_short_last_phase() -> None:
    pattern = BreathingPattern(inhale=4, hold_in=7, exhale=8, hold_out=1)
    phases = list(breathing_phases(pattern, total_seconds=25))
    assert [p.kind for p in phases] == [Breath.IN, Breath.HOLD_IN, Breath.OUT, Breath.HOLD_OUT, Breath.IN, Breath.HOLD_IN]
    assert sum(p.seconds for p in phases) == 25
    assert phases[-1].seconds == 1


def test_breathing_without_a_total_goes_on() -> None:
    stream = breathing_phases(BreathingPattern(inhale=2, exhale=3))
    first = [next(stream) for _ in range(1000)]
    assert first[-1].cycle == 499


@pytest.mark.parametrize("kwargs", [{"inhale": 0}, {"exhale": 20}, {"hold_in": -1}, {"hold_out": 11}])
def test_breathing_pattern_is_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(PauseError):
        BreathingPattern(**kwargs)


def test_packaged_suggestions_are_ours_and_enough() -> None:
    suggestions = soothing_suggestions()
    assert len(suggestions) >= 10
    assert len({s.id for s in suggestions}) == len(suggestions)
    assert all(len(s.text) > 20 for s in suggestions)


def test_bad_suggestion_files_are_refused(tmp_path: Path) -> None:
    few = tmp_path / "few.toml"
    few.write_text('[[suggestion]]\nid = "a"\ntext = "Breathe."\n', encoding="utf-8")
    with pytest.raises(PauseError, match="at least 10"):
        load_suggestions(few)
    blank = tmp_path / "blank.toml"
    blank.write_text('[[suggestion]]\nid = "a"\ntext = "  "\n', encoding="utf-8")
    with pytest.raises(PauseError, match="needs an id and a text"):
        load_suggestions(blank)
    dup = tmp_path / "dup.toml"
    dup.write_text('[[suggestion]]\nid = "a"\ntext = "x"\n' * 10, encoding="utf-8")
    with pytest.raises(PauseError, match="unique"):
        load_suggestions(dup)
