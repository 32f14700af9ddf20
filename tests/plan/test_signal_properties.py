"""Property tests: for any history, every engagement signal stays within its range, and the status follows its reasons.

tests/plan/test_signals.py already covers attendance, homework and behaviour one
signal at a time; these cover practice, check-in trends and the slope, and then
the whole assessment over a generated couple history with every kind of record.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from twofold.plan import (
    Attendance,
    CheckinScore,
    CoupleRecords,
    HomeworkKind,
    HomeworkRecord,
    MessageStat,
    PracticeRecord,
    SessionRecord,
    Status,
    Thresholds,
    assess,
    checkin_trend,
    practice_signal,
)
from twofold.plan.signals import slope_per_week

SAM, ALEX = "sam", "alex"
PARTNERS = (SAM, ALEX)
FIRST_MONDAY = date(2025, 1, 6)
LAST_DAY = date(2026, 12, 31)
MAX_HARMFUL_PER_MESSAGE = 6  # the coach's harmful labels: a message can carry each at most once
SCALE = (1.0, 7.0)  # the relationship check-in is a 1-7 mean

days = st.dates(min_value=FIRST_MONDAY, max_value=LAST_DAY)
mondays = st.integers(0, 103).map(lambda w: FIRST_MONDAY + timedelta(weeks=w))
partners = st.sampled_from(PARTNERS)
scores = st.floats(min_value=SCALE[0], max_value=SCALE[1], allow_nan=False)


@st.composite
def sessions(draw) -> SessionRecord:
    marks = draw(st.dictionaries(partners, st.sampled_from(list(Attendance)), max_size=2))
    return SessionRecord(f"s{draw(st.integers(0, 10_000))}", draw(days), marks)


@st.composite
def homework(draw) -> HomeworkRecord:
    due = draw(days)
    done = draw(st.one_of(st.none(), st.integers(-20, 40)))
    at = None if done is None else datetime.combine(due + timedelta(days=done), time(12), tzinfo=UTC)
    return HomeworkRecord(f"h{draw(st.integers(0, 10_000))}", draw(partners), due, at,
                          draw(st.sampled_from(list(HomeworkKind))))


@st.composite
def practice(draw) -> PracticeRecord:
    return PracticeRecord(draw(partners), draw(mondays), draw(st.integers(0, 5)), draw(st.integers(0, 5)))


@st.composite
def messages(draw) -> MessageStat:
    count = draw(st.integers(0, 40))
    if count == 0:
        return MessageStat(draw(partners), draw(mondays), 0, 0, None)
    harmful = draw(st.integers(0, MAX_HARMFUL_PER_MESSAGE * count))
    relief = draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)))
    return MessageStat(draw(partners), draw(mondays), count, harmful, relief)


@st.composite
def checkins(draw) -> CheckinScore:
    return CheckinScore(draw(partners), draw(days), draw(scores))


histories = st.builds(
    CoupleRecords,
    partners=st.just(PARTNERS),
    sessions=st.lists(sessions(), max_size=25),
    homework=st.lists(homework(), max_size=25),
    practice=st.lists(practice(), max_size=20),
    messages=st.lists(messages(), max_size=20),
    checkins=st.lists(checkins(), max_size=15),
)


def _share(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and 0 <= value <= 1)


@given(st.lists(practice(), max_size=30), days, st.one_of(st.none(), days))
def test_practice_counts_stay_in_range_for_any_history(records, today, since) -> None:
    for partner in PARTNERS:
        signal = practice_signal(records, partner, today=today, since=since)
        counted = [r for r in records if r.partner == partner and r.week_start <= today
                   and (since is None or r.week_start >= since)]
        assert signal.conversations == sum(r.conversations_completed for r in counted) >= 0
        assert signal.challenges == sum(r.challenges_done for r in counted) >= 0
        assert 0 <= signal.active_weeks <= len({r.week_start for r in counted})
        if signal.last_active is None:
            assert signal.active_weeks == 0
        else:
            assert signal.last_active.weekday() == 0 and signal.last_active <= today
            assert since is None or signal.last_active >= since


@given(st.lists(checkins(), max_size=30), days)
def test_checkin_trend_stays_on_the_scale_for_any_history(records, today) -> None:
    spread = SCALE[1] - SCALE[0]
    for partner in PARTNERS:
        trend = checkin_trend(records, partner, today=today)
        assert all(p.partner == partner and p.on <= today for p in trend.points)
        assert [p.on for p in trend.points] == sorted(p.on for p in trend.points)
        assert trend.change is None or -spread <= trend.change <= spread
        assert (trend.change is None) == (len(trend.points) < 2)
        assert trend.slope is None or math.isfinite(trend.slope)


@given(st.lists(st.tuples(days, scores), max_size=30))
def test_slope_is_finite_and_flat_values_have_no_slope(points) -> None:
    points = sorted(points)
    slope = slope_per_week(points)
    if len({day for day, _ in points}) < 2:
        assert slope is None
        return
    assert slope is not None and math.isfinite(slope)
    flat = slope_per_week([(day, 4.0) for day, _ in points])
    assert flat == 0


@settings(max_examples=150, deadline=None)
@given(histories, days)
def test_every_signal_stays_within_its_range_for_any_history(records, today) -> None:
    result = assess(records, today=today)
    assert [s.partner for s in result.partners] == list(PARTNERS)
    for signals in result.partners:
        attendance = signals.attendance
        assert attendance.attended + attendance.cancelled + attendance.no_show == attendance.scheduled >= 0
        assert _share(attendance.rate) and (attendance.rate is None) == (attendance.scheduled == 0)
        assert len(attendance.recent) <= min(Thresholds().recent_sessions, attendance.scheduled)

        work = signals.homework
        assert work.due == work.on_time + work.late + work.not_done and min(work.due, work.pending) >= 0
        assert _share(work.completion_rate) and _share(work.on_time_rate)
        assert work.on_time_rate is None or work.on_time_rate <= work.completion_rate

        assert min(signals.practice.conversations, signals.practice.challenges, signals.practice.active_weeks) >= 0

        behaviour = signals.behaviour
        for point in behaviour.points:
            assert point.messages > 0 and point.week_start <= today
            assert point.harmful_rate is not None and 0 <= point.harmful_rate <= MAX_HARMFUL_PER_MESSAGE
            assert point.mean_relief is None or 0 <= point.mean_relief <= 100
        assert behaviour.harmful_rate is None or 0 <= behaviour.harmful_rate <= MAX_HARMFUL_PER_MESSAGE + 1e-9
        for slope in (behaviour.harmful_slope, behaviour.relief_slope):
            assert slope is None or math.isfinite(slope)

        trend = signals.checkins
        assert trend.change is None or abs(trend.change) <= SCALE[1] - SCALE[0]


@settings(max_examples=150, deadline=None)
@given(histories, days)
def test_the_status_is_the_worst_reason_and_each_reason_names_a_partner(records, today) -> None:
    result = assess(records, today=today)
    assert result.status in set(Status)
    assert all(r.partner in PARTNERS and r.text for r in result.reasons)
    worst = max((r.status.severity for r in result.reasons), default=Status.ON_TRACK.severity)
    assert result.status.severity == worst
    assert (result.status is Status.ON_TRACK) == (not result.reasons)
    assert result.attention_key == (result.status.severity, len(result.reasons))


@settings(max_examples=100, deadline=None)
@given(histories, days, st.data())
def test_what_happens_after_today_changes_nothing(records, today, data) -> None:
    """Sessions, practice, messages and check-ins dated after today are not yet part of the picture."""
    later = st.integers(1, 200).map(lambda n: today + timedelta(days=n))
    later_monday = later.map(lambda d: d + timedelta(days=(7 - d.weekday()) % 7))
    future = CoupleRecords(
        partners=PARTNERS,
        sessions=[*records.sessions, SessionRecord("future", data.draw(later), {SAM: Attendance.NO_SHOW,
                                                                                ALEX: Attendance.NO_SHOW})],
        homework=records.homework,
        practice=[*records.practice, PracticeRecord(SAM, data.draw(later_monday), 3, 1)],
        messages=[*records.messages, MessageStat(ALEX, data.draw(later_monday), 10, 30, 5.0)],
        checkins=[*records.checkins, CheckinScore(SAM, data.draw(later), 1.0)],
    )
    assert assess(future, today=today) == assess(records, today=today)
