"""Engagement status of a couple: on track, at risk or not engaged, with reasons.

The rules, checked per partner; the couple takes the worst status found:

* Attendance. Missing ``missed_recent_at_risk`` of the last ``recent_sessions``
  sessions is *at risk*; missing all of them is *not engaged*. Once at least
  ``min_sessions`` are recorded, an attendance rate below ``attendance_at_risk``
  is *at risk* and below ``attendance_not_engaged`` is *not engaged*.
  Cancellations and no-shows both count as missed.
* Homework (readings included). Assignments due in the last
  ``homework_window_weeks`` weeks with none done is *at risk*. Once at least
  ``min_homework`` are due, completing fewer than ``homework_at_risk`` of them
  is *at risk*, and none at all is *not engaged*.
* Practice. A partner who practised before but not since the Monday of the week
  ``practice_window_weeks`` weeks ago is *at risk* (never practising is not flagged:
  not every therapist uses the practices).
* Behaviour. With at least ``min_trend_points`` weeks of kept messages, a harmful-
  label rate rising by ``harmful_rise_per_week`` or more is *at risk*.
* Check-ins. With at least ``min_trend_points`` check-ins, scores falling by
  ``checkin_drop_per_week`` or more per week is *at risk* (scale-dependent: set it
  for the check-in in use).

Improving a partner's attendance never makes the status worse.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta

from twofold.plan.errors import PlanError
from twofold.plan.records import (
    Attendance,
    CheckinScore,
    HomeworkRecord,
    HomeworkStatus,
    MessageStat,
    PracticeRecord,
    SessionRecord,
)
from twofold.plan.signals import (
    AttendanceSignal,
    BehaviourSignal,
    CheckinTrend,
    HomeworkSignal,
    PracticeSignal,
    attendance_signal,
    behaviour_signal,
    checkin_trend,
    homework_signal,
    practice_signal,
)


class Status(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_ENGAGED = "not_engaged"

    @property
    def severity(self) -> int:
        return list(Status).index(self)


@dataclass(frozen=True)
class Thresholds:
    recent_sessions: int = 3
    missed_recent_at_risk: int = 2
    min_sessions: int = 3
    attendance_at_risk: float = 0.75
    attendance_not_engaged: float = 0.5
    homework_window_weeks: int = 3
    min_homework: int = 3
    homework_at_risk: float = 0.5
    practice_window_weeks: int = 4
    min_trend_points: int = 3
    harmful_rise_per_week: float = 0.1
    checkin_drop_per_week: float = 1.0

    def __post_init__(self) -> None:
        for item in fields(self):
            if getattr(self, item.name) <= 0:
                raise PlanError(f"threshold {item.name} must be positive")
        if self.missed_recent_at_risk > self.recent_sessions:
            raise PlanError("missed_recent_at_risk cannot exceed recent_sessions")
        if not self.attendance_not_engaged <= self.attendance_at_risk <= 1:
            raise PlanError("attendance thresholds: not_engaged <= at_risk <= 1")
        if self.homework_at_risk > 1:
            raise PlanError("homework_at_risk is a share between 0 and 1")


@dataclass(frozen=True)
class Reason:
    """Why a partner is flagged. ``text`` reads after the partner's name."""

    partner: str
    signal: str  # attendance | homework | practice | behaviour | checkin
    status: Status
    text: str


@dataclass(frozen=True)
class CoupleRecords:
    partners: tuple[str, str]
    sessions: Sequence[SessionRecord] = ()
    homework: Sequence[HomeworkRecord] = ()
    practice: Sequence[PracticeRecord] = ()
    messages: Sequence[MessageStat] = ()
    checkins: Sequence[CheckinScore] = ()


@dataclass(frozen=True)
class PartnerSignals:
    partner: str
    attendance: AttendanceSignal
    homework: HomeworkSignal
    practice: PracticeSignal
    behaviour: BehaviourSignal
    checkins: CheckinTrend


@dataclass(frozen=True)
class Engagement:
    status: Status
    reasons: tuple[Reason, ...]
    partners: tuple[PartnerSignals, ...]

    @property
    def attention_key(self) -> tuple[int, int]:
        """Sort a roster by this, descending, to put who needs attention first."""
        return (self.status.severity, len(self.reasons))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _attendance_reasons(s: AttendanceSignal, t: Thresholds) -> list[Reason]:
    reasons = []
    missed_recent = sum(1 for mark in s.recent if mark is not Attendance.ATTENDED)
    if len(s.recent) == t.recent_sessions and missed_recent == t.recent_sessions:
        reasons.append(Reason(s.partner, "attendance", Status.NOT_ENGAGED,
                              f"missed all of the last {_plural(t.recent_sessions, 'session')}"))
    elif missed_recent >= t.missed_recent_at_risk:
        reasons.append(Reason(s.partner, "attendance", Status.AT_RISK,
                              f"missed {missed_recent} of the last {_plural(len(s.recent), 'session')}"))
    if s.rate is not None and s.scheduled >= t.min_sessions:
        level = (Status.NOT_ENGAGED if s.rate < t.attendance_not_engaged
                 else Status.AT_RISK if s.rate < t.attendance_at_risk else None)
        if level is not None:
            reasons.append(Reason(s.partner, "attendance", level,
                                  f"attended {s.attended} of {_plural(s.scheduled, 'session')} ({s.rate:.0%})"))
    return reasons


def _homework_reasons(partner: str, records: Sequence[HomeworkRecord], s: HomeworkSignal, today: date,
                      t: Thresholds) -> list[Reason]:
    reasons = []
    window_start = today - timedelta(weeks=t.homework_window_weeks)
    recent = [r.status(today) for r in records
              if r.assigned_to == partner and window_start < r.due < today]
    if recent and all(status is HomeworkStatus.NOT_DONE for status in recent):
        reasons.append(Reason(partner, "homework", Status.AT_RISK,
                              f"did no homework in the last {_plural(t.homework_window_weeks, 'week')}"))
    if s.completion_rate is not None and s.due >= t.min_homework:
        if s.completion_rate == 0:
            reasons.append(Reason(partner, "homework", Status.NOT_ENGAGED,
                                  f"has done none of {_plural(s.due, 'assignment')}"))
        elif s.completion_rate < t.homework_at_risk:
            reasons.append(Reason(partner, "homework", Status.AT_RISK,
                                  f"did {s.on_time + s.late} of {_plural(s.due, 'assignment')}"))
    return reasons


def _practice_reasons(recent: PracticeSignal, records: Sequence[PracticeRecord], today: date, t: Thresholds
                      ) -> list[Reason]:
    if recent.active_weeks or practice_signal(records, recent.partner, today=today).last_active is None:
        return []
    return [Reason(recent.partner, "practice", Status.AT_RISK,
                   f"no practice in the last {_plural(t.practice_window_weeks, 'week')}")]


def _trend_reasons(b: BehaviourSignal, c: CheckinTrend, t: Thresholds) -> list[Reason]:
    reasons = []
    harmful_points = sum(1 for p in b.points if p.harmful_rate is not None)
    rising = b.harmful_slope is not None and b.harmful_slope >= t.harmful_rise_per_week
    if rising and harmful_points >= t.min_trend_points:
        text = f"harsh patterns in messages are rising (+{b.harmful_slope:.2f} per message a week)"
        reasons.append(Reason(b.partner, "behaviour", Status.AT_RISK, text))
    if c.slope is not None and len(c.points) >= t.min_trend_points and c.slope <= -t.checkin_drop_per_week:
        reasons.append(Reason(c.partner, "checkin", Status.AT_RISK,
                              f"check-in scores are falling ({c.slope:+.1f} a week)"))
    return reasons


def assess(records: CoupleRecords, *, today: date, thresholds: Thresholds | None = None) -> Engagement:
    """Compute every partner's signals and the couple's status with its reasons."""
    t = thresholds or Thresholds()
    reasons: list[Reason] = []
    signals = []
    window_day = today - timedelta(weeks=t.practice_window_weeks)
    practice_since = window_day - timedelta(days=window_day.weekday())
    for partner in records.partners:
        partner_signals = PartnerSignals(
            partner=partner,
            attendance=attendance_signal(records.sessions, partner, today=today, recent=t.recent_sessions),
            homework=homework_signal(records.homework, partner, today=today),
            practice=practice_signal(records.practice, partner, today=today, since=practice_since),
            behaviour=behaviour_signal(records.messages, partner, today=today),
            checkins=checkin_trend(records.checkins, partner, today=today),
        )
        signals.append(partner_signals)
        reasons += _attendance_reasons(partner_signals.attendance, t)
        reasons += _homework_reasons(partner, records.homework, partner_signals.homework, today, t)
        reasons += _practice_reasons(partner_signals.practice, records.practice, today, t)
        reasons += _trend_reasons(partner_signals.behaviour, partner_signals.checkins, t)
    status = max((r.status for r in reasons), key=lambda s: s.severity, default=Status.ON_TRACK)
    return Engagement(status=status, reasons=tuple(reasons), partners=tuple(signals))
