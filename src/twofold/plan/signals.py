"""Engagement signals: the signs of commitment, each computed from plain records.

Every signal is per partner and only looks at what happened up to ``today``.
Rates are None when there is nothing to divide by yet, never a made-up zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from twofold.plan.records import (
    Attendance,
    CheckinScore,
    HomeworkKind,
    HomeworkRecord,
    HomeworkStatus,
    MessageStat,
    PracticeRecord,
    SessionRecord,
)


def _rate(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def slope_per_week(points: Sequence[tuple[date, float]]) -> float | None:
    """Least-squares slope of the values against time, in units per week.

    None with fewer than two points or when all points fall on one day.
    """
    if len(points) < 2:
        return None
    xs = [(day - points[0][0]).days / 7 for day, _ in points]
    ys = [value for _, value in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


@dataclass(frozen=True)
class AttendanceSignal:
    """Sessions held so far with this partner's attendance recorded.

    ``rate`` = attended / scheduled; cancellations (called off in advance) and
    no-shows are counted separately and both count as missed. ``recent`` lists the
    latest sessions' attendance, oldest first.
    """

    partner: str
    scheduled: int
    attended: int
    cancelled: int
    no_show: int
    rate: float | None
    recent: tuple[Attendance, ...]

    @property
    def missed(self) -> int:
        return self.cancelled + self.no_show


def attendance_signal(
    sessions: Iterable[SessionRecord], partner: str, *, today: date, recent: int = 3
) -> AttendanceSignal:
    held = sorted(
        (s for s in sessions if s.scheduled <= today and partner in s.attendance),
        key=lambda s: (s.scheduled, s.session_id),
    )
    marks = [s.attendance[partner] for s in held]
    attended = marks.count(Attendance.ATTENDED)
    return AttendanceSignal(
        partner=partner,
        scheduled=len(marks),
        attended=attended,
        cancelled=marks.count(Attendance.CANCELLED),
        no_show=marks.count(Attendance.NO_SHOW),
        rate=_rate(attended, len(marks)),
        recent=tuple(marks[-recent:]) if recent > 0 else (),
    )


@dataclass(frozen=True)
class HomeworkSignal:
    """Assignments due by today: on time, late, not done; ``pending`` ones are not due yet.

    ``completion_rate`` = (on time + late) / due; ``on_time_rate`` = on time / due.
    """

    partner: str
    kind: HomeworkKind | None  # None: homework and readings together
    due: int
    on_time: int
    late: int
    not_done: int
    pending: int
    completion_rate: float | None
    on_time_rate: float | None


def homework_signal(
    records: Iterable[HomeworkRecord], partner: str, *, today: date, kind: HomeworkKind | None = None
) -> HomeworkSignal:
    statuses = [
        r.status(today) for r in records if r.assigned_to == partner and (kind is None or r.kind is kind)
    ]
    on_time = statuses.count(HomeworkStatus.ON_TIME)
    late = statuses.count(HomeworkStatus.LATE)
    not_done = statuses.count(HomeworkStatus.NOT_DONE)
    due = on_time + late + not_done
    return HomeworkSignal(
        partner=partner,
        kind=kind,
        due=due,
        on_time=on_time,
        late=late,
        not_done=not_done,
        pending=statuses.count(HomeworkStatus.PENDING),
        completion_rate=_rate(on_time + late, due),
        on_time_rate=_rate(on_time, due),
    )


@dataclass(frozen=True)
class PracticeSignal:
    """Lean-in conversations completed and weekly challenges done, from ``since`` to today.

    ``active_weeks`` counts weeks with any practice; ``last_active`` is the Monday
    of the latest such week.
    """

    partner: str
    conversations: int
    challenges: int
    active_weeks: int
    last_active: date | None


def practice_signal(
    records: Iterable[PracticeRecord], partner: str, *, today: date, since: date | None = None
) -> PracticeSignal:
    mine = [
        r for r in records
        if r.partner == partner and r.week_start <= today and (since is None or r.week_start >= since)
    ]
    active = sorted({r.week_start for r in mine if r.total > 0})
    return PracticeSignal(
        partner=partner,
        conversations=sum(r.conversations_completed for r in mine),
        challenges=sum(r.challenges_done for r in mine),
        active_weeks=len(active),
        last_active=active[-1] if active else None,
    )


@dataclass(frozen=True)
class WeekPoint:
    week_start: date
    messages: int
    harmful_rate: float | None  # harmful labels per message (can exceed 1)
    mean_relief: float | None


@dataclass(frozen=True)
class BehaviourSignal:
    """Changed behaviour in the messages a partner kept: one point per week, and trends.

    ``harmful_rate`` is harmful labels per message over all weeks. The slopes are
    least-squares changes per week: a falling harmful rate and a rising relief
    score mean gentler messages.
    """

    partner: str
    points: tuple[WeekPoint, ...]
    harmful_rate: float | None
    harmful_slope: float | None
    relief_slope: float | None


def behaviour_signal(stats: Iterable[MessageStat], partner: str, *, today: date) -> BehaviourSignal:
    weeks: dict[date, list[MessageStat]] = {}
    for stat in stats:
        if stat.partner == partner and stat.week_start <= today and stat.messages:
            weeks.setdefault(stat.week_start, []).append(stat)
    points = []
    for week_start in sorted(weeks):
        group = weeks[week_start]
        messages = sum(s.messages for s in group)
        scored = [(s.mean_relief, s.messages) for s in group if s.mean_relief is not None]
        relief_weight = sum(n for _, n in scored)
        relief = sum(value * n for value, n in scored) / relief_weight if relief_weight else None
        points.append(WeekPoint(week_start, messages, sum(s.harmful_labels for s in group) / messages, relief))
    total = sum(p.messages for p in points)
    harmful = sum((p.harmful_rate or 0) * p.messages for p in points)
    return BehaviourSignal(
        partner=partner,
        points=tuple(points),
        harmful_rate=_rate(harmful, total),
        harmful_slope=slope_per_week([(p.week_start, p.harmful_rate) for p in points
                                      if p.harmful_rate is not None]),
        relief_slope=slope_per_week([(p.week_start, p.mean_relief) for p in points
                                     if p.mean_relief is not None]),
    )


@dataclass(frozen=True)
class CheckinTrend:
    """A partner's relationship check-ins over time: first, latest, change and slope per week."""

    partner: str
    points: tuple[CheckinScore, ...]
    change: float | None
    slope: float | None

    @property
    def first(self) -> CheckinScore | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> CheckinScore | None:
        return self.points[-1] if self.points else None


def checkin_trend(scores: Iterable[CheckinScore], partner: str, *, today: date) -> CheckinTrend:
    points = tuple(sorted((s for s in scores if s.partner == partner and s.on <= today), key=lambda s: s.on))
    return CheckinTrend(
        partner=partner,
        points=points,
        change=points[-1].score - points[0].score if len(points) >= 2 else None,
        slope=slope_per_week([(s.on, s.score) for s in points]),
    )
