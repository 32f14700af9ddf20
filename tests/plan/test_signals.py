"""Each engagement signal from plain records, and range properties for any history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofold.plan import (
    Attendance,
    CheckinScore,
    HomeworkKind,
    HomeworkRecord,
    HomeworkStatus,
    MessageStat,
    PlanError,
    PracticeRecord,
    SessionRecord,
    attendance_signal,
    behaviour_signal,
    check_new_assignment,
    checkin_trend,
    homework_signal,
    practice_signal,
)
from twofold.plan.signals import slope_per_week

SAM, ALEX = "sam", "alex"
TODAY = date(2026, 3, 16)  # a Monday
A, C, N = Attendance.ATTENDED, Attendance.CANCELLED, Attendance.NO_SHOW


def _sessions(*marks: tuple[Attendance, Attendance], first: date = date(2026, 2, 2)) -> list[SessionRecord]:
    return [SessionRecord(f"s{i}", first + timedelta(weeks=i), {SAM: s, ALEX: a}) for i, (s, a) in enumerate(marks)]


def test_attendance_counts_cancellations_and_no_shows_separately() -> None:
    sessions = _sessions((A, A), (A, C), (A, N), (A, A), (A, N))
    sessions.append(SessionRecord("future", TODAY + timedelta(days=3), {}))
    sessions.append(SessionRecord("unrecorded", TODAY - timedelta(days=1), {SAM: A}))
    alex = attendance_signal(sessions, ALEX, today=TODAY)
    assert (alex.scheduled, alex.attended, alex.cancelled, alex.no_show, alex.missed) == (5, 2, 1, 2, 3)
    assert alex.rate == pytest.approx(0.4)
    assert alex.recent == (N, A, N)
    sam = attendance_signal(sessions, SAM, today=TODAY)
    assert (sam.scheduled, sam.rate) == (6, 1.0)


def test_attendance_with_no_sessions_has_no_rate() -> None:
    signal = attendance_signal([], SAM, today=TODAY)
    assert (signal.scheduled, signal.rate, signal.recent) == (0, None, ())


def _done(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 20, tzinfo=UTC)


def test_homework_status_on_time_late_not_done_pending() -> None:
    due = date(2026, 3, 10)
    assert HomeworkRecord("h", SAM, due, _done(due)).status(TODAY) is HomeworkStatus.ON_TIME
    assert HomeworkRecord("h", SAM, due, _done(due + timedelta(days=1))).status(TODAY) is HomeworkStatus.LATE
    assert HomeworkRecord("h", SAM, due).status(TODAY) is HomeworkStatus.NOT_DONE
    assert HomeworkRecord("h", SAM, TODAY).status(TODAY) is HomeworkStatus.PENDING


def test_new_homework_must_be_due_today_or_later_and_for_a_partner() -> None:
    check_new_assignment(TODAY, today=TODAY, assigned_to=SAM, partners=(SAM, ALEX))
    with pytest.raises(PlanError, match="in the past"):
        check_new_assignment(TODAY - timedelta(days=1), today=TODAY, assigned_to=SAM, partners=(SAM, ALEX))
    with pytest.raises(PlanError, match="one of the two partners"):
        check_new_assignment(TODAY, today=TODAY, assigned_to="quinn", partners=(SAM, ALEX))


def test_homework_and_reading_completion() -> None:
    records = [
        HomeworkRecord("h1", SAM, date(2026, 2, 9), _done(date(2026, 2, 8))),
        HomeworkRecord("h2", SAM, date(2026, 2, 16), _done(date(2026, 2, 20))),
        HomeworkRecord("h3", SAM, date(2026, 2, 23)),
        HomeworkRecord("h4", SAM, date(2026, 3, 20)),
        HomeworkRecord("r1", SAM, date(2026, 3, 1), _done(date(2026, 2, 27)), HomeworkKind.READING),
        HomeworkRecord("h5", ALEX, date(2026, 2, 9)),
    ]
    both = homework_signal(records, SAM, today=TODAY)
    assert (both.due, both.on_time, both.late, both.not_done, both.pending) == (4, 2, 1, 1, 1)
    assert both.completion_rate == pytest.approx(0.75)
    assert both.on_time_rate == pytest.approx(0.5)
    reading = homework_signal(records, SAM, today=TODAY, kind=HomeworkKind.READING)
    assert (reading.due, reading.completion_rate) == (1, 1.0)
    assert homework_signal([], ALEX, today=TODAY).completion_rate is None


def test_practice_counts_conversations_and_challenges() -> None:
    records = [
        PracticeRecord(SAM, date(2026, 2, 2), 1, 1),
        PracticeRecord(SAM, date(2026, 2, 9), 0, 0),
        PracticeRecord(SAM, date(2026, 3, 2), 2, 0),
        PracticeRecord(SAM, date(2026, 3, 23), 5, 5),  # after today
        PracticeRecord(ALEX, date(2026, 3, 2), 0, 1),
    ]
    sam = practice_signal(records, SAM, today=TODAY)
    assert (sam.conversations, sam.challenges, sam.active_weeks, sam.last_active) == (3, 1, 2, date(2026, 3, 2))
    recent = practice_signal(records, SAM, today=TODAY, since=date(2026, 2, 16))
    assert (recent.conversations, recent.active_weeks) == (2, 1)


def test_practice_and_message_weeks_start_on_monday() -> None:
    with pytest.raises(PlanError, match="Monday"):
        PracticeRecord(SAM, date(2026, 3, 3), 1, 0)
    with pytest.raises(PlanError, match="negative"):
        PracticeRecord(SAM, date(2026, 3, 2), -1, 0)


def test_behaviour_rate_and_trends() -> None:
    stats = [
        MessageStat(SAM, date(2026, 2, 2), messages=10, harmful_labels=8, mean_relief=30),
        MessageStat(SAM, date(2026, 2, 9), messages=10, harmful_labels=5, mean_relief=45),
        MessageStat(SAM, date(2026, 2, 9), messages=10, harmful_labels=1, mean_relief=55),
        MessageStat(SAM, date(2026, 2, 16), messages=5, harmful_labels=1, mean_relief=70),
        MessageStat(SAM, date(2026, 2, 23), messages=0, harmful_labels=0),
    ]
    signal = behaviour_signal(stats, SAM, today=TODAY)
    assert [p.week_start for p in signal.points] == [date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16)]
    assert [p.harmful_rate for p in signal.points] == [pytest.approx(0.8), pytest.approx(0.3), pytest.approx(0.2)]
    assert signal.points[1].mean_relief == pytest.approx(50)
    assert signal.harmful_rate == pytest.approx(15 / 35)
    assert signal.harmful_slope == pytest.approx(-0.3)
    assert signal.relief_slope == pytest.approx(20)
    assert behaviour_signal(stats, ALEX, today=TODAY).harmful_rate is None


@pytest.mark.parametrize(
    "kwargs",
    [{"messages": -1, "harmful_labels": 0}, {"messages": 0, "harmful_labels": 1},
     {"messages": 3, "harmful_labels": 0, "mean_relief": 101}, {"messages": 0, "harmful_labels": 0, "mean_relief": 5}],
)
def test_bad_message_stats_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(PlanError):
        MessageStat(SAM, date(2026, 3, 2), **kwargs)  # type: ignore[arg-type]


def test_checkin_trend() -> None:
    scores = [CheckinScore(SAM, date(2026, 2, 2) + timedelta(weeks=w), s) for w, s in enumerate((10, 12, 14, 16))]
    scores.append(CheckinScore(SAM, TODAY + timedelta(days=1), 0))
    trend = checkin_trend(scores, SAM, today=TODAY)
    assert trend.first is not None and trend.first.score == 10
    assert trend.latest is not None and trend.latest.score == 16
    assert trend.change == 6
    assert trend.slope == pytest.approx(2)
    empty = checkin_trend(scores, ALEX, today=TODAY)
    assert (empty.first, empty.change, empty.slope) == (None, None, None)
    with pytest.raises(PlanError):
        CheckinScore(SAM, TODAY, float("nan"))


def test_slope_needs_two_days() -> None:
    assert slope_per_week([(TODAY, 1.0)]) is None
    assert slope_per_week([(TODAY, 1.0), (TODAY, 3.0)]) is None


marks = st.sampled_from(list(Attendance))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@given(st.lists(st.tuples(days, marks, st.booleans()), max_size=40), days)
def test_attendance_rate_is_a_share_for_any_history(rows, today) -> None:
    sessions = [SessionRecord(f"s{i}", d, {SAM: m} if recorded else {}) for i, (d, m, recorded) in enumerate(rows)]
    signal = attendance_signal(sessions, SAM, today=today)
    assert signal.attended + signal.cancelled + signal.no_show == signal.scheduled
    assert signal.rate is None or 0 <= signal.rate <= 1
    assert len(signal.recent) <= 3


@given(st.lists(st.tuples(days, st.one_of(st.none(), days), st.sampled_from(list(HomeworkKind))), max_size=40), days)
def test_homework_rates_are_shares_for_any_history(rows, today) -> None:
    records = [HomeworkRecord(f"h{i}", SAM, due, _done(done) if done else None, kind)
               for i, (due, done, kind) in enumerate(rows)]
    for kind in (None, *HomeworkKind):
        signal = homework_signal(records, SAM, today=today, kind=kind)
        assert signal.due == signal.on_time + signal.late + signal.not_done
        for rate in (signal.completion_rate, signal.on_time_rate):
            assert rate is None or 0 <= rate <= 1
        assert signal.on_time_rate is None or signal.on_time_rate <= signal.completion_rate


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 50), st.integers(0, 100), st.integers(0, 100)),
                max_size=30))
def test_behaviour_values_stay_in_range(rows) -> None:
    monday = date(2025, 1, 6)
    stats = [MessageStat(SAM, monday + timedelta(weeks=w), n, min(h, 3 * n), r if n else None)
             for w, n, h, r in rows if n or not h]
    signal = behaviour_signal(stats, SAM, today=date(2030, 1, 1))
    for point in signal.points:
        assert point.harmful_rate is not None and point.harmful_rate >= 0
        assert point.mean_relief is None or 0 <= point.mean_relief <= 100
    assert signal.harmful_rate is None or signal.harmful_rate >= 0
