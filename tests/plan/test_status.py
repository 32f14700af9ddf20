"""Status rules with their reasons, and monotonicity in attendance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofold.plan import (
    Attendance,
    CheckinScore,
    CoupleRecords,
    HomeworkRecord,
    MessageStat,
    PlanError,
    PracticeRecord,
    SessionRecord,
    Status,
    Thresholds,
    assess,
)

SAM, ALEX = "sam", "alex"
START = date(2026, 2, 2)
TODAY = date(2026, 3, 16)  # week 7 of the plan
A, C, N = Attendance.ATTENDED, Attendance.CANCELLED, Attendance.NO_SHOW


def _sessions(alex: list[Attendance], sam: list[Attendance] | None = None) -> list[SessionRecord]:
    sam = sam or [A] * len(alex)
    return [SessionRecord(f"s{i}", START + timedelta(weeks=i), {SAM: s, ALEX: a})
            for i, (s, a) in enumerate(zip(sam, alex, strict=True))]


def _done(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _homework(partner: str, done: list[bool]) -> list[HomeworkRecord]:
    """Weekly homework due on Sundays, the latest due yesterday."""
    last_due = TODAY - timedelta(days=1)
    records = []
    for i, is_done in enumerate(reversed(done)):
        due = last_due - timedelta(weeks=i)
        records.append(HomeworkRecord(f"{partner}-h{i}", partner, due, _done(due) if is_done else None))
    return records


def _reasons(records: CoupleRecords, **thresholds: float) -> list[tuple[str, str, Status, str]]:
    result = assess(records, today=TODAY, thresholds=Thresholds(**thresholds))
    return [(r.partner, r.signal, r.status, r.text) for r in result.reasons]


def test_an_engaged_couple_is_on_track() -> None:
    records = CoupleRecords(
        (SAM, ALEX),
        sessions=_sessions([A] * 6),
        homework=_homework(SAM, [True] * 5) + _homework(ALEX, [True, False, True, True, True]),
    )
    result = assess(records, today=TODAY)
    assert (result.status, result.reasons) == (Status.ON_TRACK, ())
    assert [p.partner for p in result.partners] == [SAM, ALEX]
    assert result.partners[1].homework.completion_rate == pytest.approx(0.8)


def test_journey_four_alex_missed_two_sessions_and_no_homework_is_at_risk() -> None:
    records = CoupleRecords(
        (SAM, ALEX),
        sessions=_sessions([A, A, A, N, A, C]),
        homework=_homework(SAM, [True] * 5) + _homework(ALEX, [True, True, False, False, False]),
    )
    result = assess(records, today=TODAY)
    assert result.status is Status.AT_RISK
    assert [(r.partner, r.signal, r.text) for r in result.reasons] == [
        (ALEX, "attendance", "missed 2 of the last 3 sessions"),
        (ALEX, "attendance", "attended 4 of 6 sessions (67%)"),
        (ALEX, "homework", "did no homework in the last 3 weeks"),
        (ALEX, "homework", "did 2 of 5 assignments"),
    ]
    assert all(r.status is Status.AT_RISK for r in result.reasons)


def test_missing_all_recent_sessions_is_not_engaged() -> None:
    reasons = _reasons(CoupleRecords((SAM, ALEX), sessions=_sessions([A, A, A, N, C, N])))
    assert (ALEX, "attendance", Status.NOT_ENGAGED, "missed all of the last 3 sessions") in reasons
    assert assess(CoupleRecords((SAM, ALEX), sessions=_sessions([A, A, A, N, C, N])), today=TODAY).status \
        is Status.NOT_ENGAGED


@pytest.mark.parametrize(
    ("alex", "status", "text"),
    [
        ([A, N, A, A, N, A, A, A], Status.AT_RISK, "attended 6 of 8 sessions (75%)"),
        ([N, A, N, A, N, A, N, A], Status.NOT_ENGAGED, "attended 4 of 8 sessions (50%)"),
        ([N, A, N, A, N, A, A, A], Status.AT_RISK, "attended 5 of 8 sessions (62%)"),
    ],
)
def test_overall_attendance_rate(alex: list[Attendance], status: Status, text: str) -> None:
    start = TODAY - timedelta(weeks=len(alex))
    sessions = [SessionRecord(f"s{i}", start + timedelta(weeks=i), {SAM: A, ALEX: m}) for i, m in enumerate(alex)]
    reasons = _reasons(CoupleRecords((SAM, ALEX), sessions=sessions), attendance_not_engaged=0.55)
    if text == "attended 6 of 8 sessions (75%)":
        assert reasons == [], "exactly at the threshold is not below it"
        reasons = _reasons(CoupleRecords((SAM, ALEX), sessions=sessions), attendance_at_risk=0.8,
                           attendance_not_engaged=0.5)
    assert (ALEX, "attendance", status, text) in reasons


def test_too_few_sessions_give_no_rate_reason() -> None:
    assert _reasons(CoupleRecords((SAM, ALEX), sessions=_sessions([N, A]))) == []


def test_homework_completion_rules() -> None:
    low = _reasons(CoupleRecords((SAM, ALEX), homework=_homework(ALEX, [True, False, False, False, True])))
    assert low == [(ALEX, "homework", Status.AT_RISK, "did 2 of 5 assignments")]
    none = _reasons(CoupleRecords((SAM, ALEX), homework=_homework(ALEX, [False] * 4)))
    assert none == [
        (ALEX, "homework", Status.AT_RISK, "did no homework in the last 3 weeks"),
        (ALEX, "homework", Status.NOT_ENGAGED, "has done none of 4 assignments"),
    ]


def test_homework_not_yet_due_is_not_held_against_anyone() -> None:
    records = [HomeworkRecord("h", ALEX, TODAY), HomeworkRecord("h2", ALEX, TODAY + timedelta(days=5))]
    assert _reasons(CoupleRecords((SAM, ALEX), homework=records)) == []


def test_practice_that_stopped_is_at_risk_but_never_practising_is_not_flagged() -> None:
    stopped = [PracticeRecord(SAM, date(2026, 1, 26), 1, 1), PracticeRecord(SAM, date(2026, 2, 9), 0, 1)]
    assert _reasons(CoupleRecords((SAM, ALEX), practice=stopped)) == [
        (SAM, "practice", Status.AT_RISK, "no practice in the last 4 weeks")
    ]
    going = [*stopped, PracticeRecord(SAM, date(2026, 2, 16), 1, 0)]
    assert _reasons(CoupleRecords((SAM, ALEX), practice=going)) == []
    assert _reasons(CoupleRecords((SAM, ALEX))) == []


def test_rising_harsh_messages_and_falling_check_ins_are_at_risk() -> None:
    weeks = [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9)]
    messages = [MessageStat(ALEX, w, 10, h) for w, h in zip(weeks, (1, 3, 5, 7), strict=True)]
    checkins = [CheckinScore(SAM, w, s) for w, s in zip(weeks, (15, 13, 11, 9), strict=True)]
    reasons = _reasons(CoupleRecords((SAM, ALEX), messages=messages, checkins=checkins))
    assert reasons == [
        (SAM, "checkin", Status.AT_RISK, "check-in scores are falling (-2.0 a week)"),
        (ALEX, "behaviour", Status.AT_RISK, "harsh patterns in messages are rising (+0.20 per message a week)"),
    ]
    two_points = CoupleRecords((SAM, ALEX), messages=messages[:2], checkins=checkins[:2])
    assert _reasons(two_points) == [], "trends need three points"


def test_roster_sorts_by_attention() -> None:
    on_track = assess(CoupleRecords((SAM, ALEX), sessions=_sessions([A] * 4)), today=TODAY)
    at_risk = assess(CoupleRecords((SAM, ALEX), sessions=_sessions([A, N, A, N])), today=TODAY)
    gone = assess(CoupleRecords((SAM, ALEX), sessions=_sessions([N, N, N, N])), today=TODAY)
    roster = sorted([at_risk, on_track, gone], key=lambda e: e.attention_key, reverse=True)
    assert [e.status for e in roster] == [Status.NOT_ENGAGED, Status.AT_RISK, Status.ON_TRACK]


@pytest.mark.parametrize(
    "kwargs",
    [{"recent_sessions": 0}, {"missed_recent_at_risk": 4}, {"attendance_at_risk": 0.4},
     {"attendance_at_risk": 1.2}, {"homework_at_risk": 1.5}, {"checkin_drop_per_week": -1}],
)
def test_thresholds_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(PlanError):
        Thresholds(**kwargs)  # type: ignore[arg-type]


attendance_lists = st.lists(st.sampled_from(list(Attendance)), min_size=1, max_size=12)


@given(attendance_lists, st.data())
def test_status_never_worsens_when_a_missed_session_becomes_attended(marks, data) -> None:
    missed = [i for i, m in enumerate(marks) if m is not Attendance.ATTENDED]
    if not missed:
        return
    index = data.draw(st.sampled_from(missed))
    better = [Attendance.ATTENDED if i == index else m for i, m in enumerate(marks)]
    homework = _homework(ALEX, data.draw(st.lists(st.booleans(), max_size=6)))

    def status(alex: list[Attendance]) -> Status:
        start = TODAY - timedelta(weeks=len(alex))
        sessions = [SessionRecord(f"s{i}", start + timedelta(weeks=i), {SAM: A, ALEX: m}) for i, m in enumerate(alex)]
        return assess(CoupleRecords((SAM, ALEX), sessions=sessions, homework=homework), today=TODAY).status

    assert status(better).severity <= status(marks).severity
