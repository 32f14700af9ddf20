"""What the plan pages, the roster and the report show, assembled for one viewer (read-only).

A therapist sees both partners' signals, reasons and their own session notes; a
partner sees the plan, both partners' attendance and homework, their own
reflections (and the other's only when shared), their own charts, and never a
session note. Check-ins count only where the viewer may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from twofold.accounts.models import User
from twofold.assessments.services import conjoint_work_not_advised
from twofold.couples.models import Couple
from twofold.couples.services import couple_ids_with_therapist_access, partners_of
from twofold.instruments import get_instrument
from twofold.plan import (
    ChecklistSection,
    CommitmentPlan,
    DecisionPath,
    Engagement,
    HomeworkStatus,
    ItemStatus,
    PartingSection,
    PartnerOutcome,
    ReviewDecision,
    Status,
    default_checklist,
)
from twofold.plans import charts, services
from twofold.plans.models import Assignment, Plan, Session, SessionNote

STATUS_LABELS = {Status.ON_TRACK: "On track", Status.AT_RISK: "At risk", Status.NOT_ENGAGED: "Not engaged"}
ATTENDANCE_LABELS = {"attended": "attended", "cancelled": "cancelled", "no_show": "no-show"}
HOMEWORK_LABELS = {HomeworkStatus.ON_TIME: "done on time", HomeworkStatus.LATE: "done late",
                   HomeworkStatus.NOT_DONE: "not done", HomeworkStatus.PENDING: "not due yet"}
OUTCOME_LABELS = {"recovered": "recovered", "improved": "improved (reliable change)",
                  "unchanged": "no reliable change", "deteriorated": "deteriorated (reliable change)"}


def names_of(plan: Plan) -> dict[str, str]:
    return {services.key(p): p.display_name for p in services.plan_partners(plan)}


def reason_lines(found: Engagement, names: dict[str, str]) -> list[str]:
    return [f"{names.get(r.partner, 'A former partner')} {r.text}" for r in found.reasons]


# ---- the roster -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    couple: Couple
    partners: tuple[User, ...]
    plan: Plan | None
    status: Status | None
    reasons: tuple[str, ...]
    safety_flag: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] if self.status else "No plan yet"

    @property
    def attention(self) -> tuple[bool, int, int]:
        return (self.safety_flag, self.status.severity if self.status else -1, len(self.reasons))


def roster(therapist: User, *, today: date) -> list[RosterRow]:
    """The therapist's consenting couples, who needs attention first (a safety flag, then status)."""
    rows = []
    for couple in Couple.objects.filter(pk__in=couple_ids_with_therapist_access(therapist)):
        plan = services.current_plan(couple)
        found = services.engagement(plan, therapist, today=today) if plan else None
        rows.append(RosterRow(
            couple=couple,
            partners=tuple(partners_of(couple)),
            plan=plan,
            status=found.status if found else None,
            reasons=tuple(reason_lines(found, names_of(plan))) if found else (),
            safety_flag=conjoint_work_not_advised(therapist, couple),
        ))
    rows.sort(key=lambda row: str(row.couple))
    rows.sort(key=lambda row: row.attention, reverse=True)
    return rows


# ---- one couple's plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    session: Session
    marks: tuple[tuple[str, str], ...]  # (name, attended / cancelled / no-show / not recorded)
    notes: tuple[SessionNote, ...]


@dataclass(frozen=True)
class HomeworkLine:
    assignment: Assignment
    partner_name: str
    status: str
    mine: bool
    reflection: str | None  # None: not for this viewer


@dataclass(frozen=True)
class OutcomeLine:
    name: str
    outcome: PartnerOutcome

    @property
    def label(self) -> str:
        if self.outcome.first is None:
            return "no check-in yet"
        if self.outcome.change is None:
            return "one check-in so far"
        return OUTCOME_LABELS[self.outcome.change.category]


@dataclass(frozen=True)
class ChecklistLine:
    section: ChecklistSection
    items: tuple[tuple[str, str, str, ItemStatus], ...]  # (id, text, why, status)
    done: int
    applicable: int


@dataclass(frozen=True)
class Picture:
    plan: Plan
    relation: str
    viewer: User
    today: date
    names: dict[str, str]
    commitment: CommitmentPlan
    agreed_by_me: bool
    engagement: Engagement | None  # the therapist's view only
    reasons: tuple[str, ...]
    sessions: tuple[SessionLine, ...]
    homework: tuple[HomeworkLine, ...]
    outcomes: tuple[OutcomeLine, ...]
    decision: ReviewDecision
    choices: tuple[tuple[str, str], ...]  # (name, chosen path description)
    checklist: tuple[ChecklistLine, ...]
    parting: tuple[PartingSection, ...]
    charts: dict[str, str | None]
    safety_flag: bool

    @property
    def is_therapist(self) -> bool:
        return self.relation == "therapist"

    @property
    def status_label(self) -> str | None:
        return STATUS_LABELS[self.engagement.status] if self.engagement else None

    @property
    def week(self) -> int:
        return self.commitment.week_of(self.today)

    @property
    def weeks(self) -> int:
        return max(1, (self.commitment.review - self.commitment.start).days // 7)

    @property
    def separation_open(self) -> bool:
        return self.decision.separation_on_the_table

    @property
    def paths(self) -> tuple[DecisionPath, ...]:
        return tuple(DecisionPath)


def _sessions(plan: Plan, viewer: User, names: dict[str, str]) -> tuple[SessionLine, ...]:
    notes = services.session_notes(viewer, plan)
    lines = []
    for session in plan.sessions.prefetch_related("attendance"):
        recorded = {str(a.partner_id): ATTENDANCE_LABELS[a.mark] for a in session.attendance.all()}
        marks = tuple((name, recorded.get(partner, "not recorded")) for partner, name in names.items())
        lines.append(SessionLine(session, marks, tuple(n for n in notes if n.session_id == session.pk)))
    return tuple(lines)


def _homework(plan: Plan, viewer: User, names: dict[str, str], today: date) -> tuple[HomeworkLine, ...]:
    lines = []
    for assignment in Assignment.objects.filter(homework__plan=plan).select_related("homework__plan__couple"):
        record_status = services.homework_status(assignment, today)
        visible = assignment.reflection and services.reflection_visible(viewer, assignment)
        lines.append(HomeworkLine(assignment, names.get(str(assignment.partner_id), "A former partner"),
                                  HOMEWORK_LABELS[record_status], assignment.partner_id == viewer.pk,
                                  assignment.reflection if visible else None))
    return tuple(lines)


def _checklist(plan: Plan) -> tuple[ChecklistLine, ...]:
    progress = services.checklist_progress(plan)
    counts = {p.key: p for p in progress.section_progress()}
    return tuple(
        ChecklistLine(section,
                      tuple((i.id, i.text, i.why, progress.status_of(i.id)) for i in section.items),
                      counts[section.key].done, counts[section.key].applicable)
        for section in default_checklist()
    )


def _charts(plan: Plan, viewer: User, found: Engagement, names: dict[str, str], own_only: bool
            ) -> dict[str, str | None]:
    shown = {k: v for k, v in names.items() if not own_only or k == services.key(viewer)}
    scale = get_instrument(services.CHECKIN).scale
    checkins = services.checkins(plan, viewer)
    change = get_instrument(services.CHECKIN).change
    signals = {s.partner: s for s in found.partners}
    return {
        "checkin": charts.checkin_chart(
            {name: [(c.on, c.score) for c in checkins if c.partner == k] for k, name in shown.items()},
            cutoff=change.cutoff, y_range=(scale.min, scale.max)),
        "attendance": charts.stacked_chart(
            {name: {"attended": signals[k].attendance.attended, "cancelled": signals[k].attendance.cancelled,
                    "no-show": signals[k].attendance.no_show} for k, name in names.items()},
            title="Session attendance", chart_id="attendance-chart"),
        "homework": charts.stacked_chart(
            {name: {"on time": signals[k].homework.on_time, "late": signals[k].homework.late,
                    "not done": signals[k].homework.not_done, "not due yet": signals[k].homework.pending}
             for k, name in names.items()},
            title="Homework and readings", chart_id="homework-chart"),
        "harmful": charts.rate_chart(
            {name: [(p.week_start, p.harmful_rate) for p in signals[k].behaviour.points if p.harmful_rate is not None]
             for k, name in shown.items()}),
    }


def picture(viewer: User, relation: str, plan: Plan, *, today: date) -> Picture:
    names = names_of(plan)
    pure = services.commitment(plan)
    found = services.engagement(plan, viewer, today=today)
    therapist = relation == "therapist"
    chosen = services.decision(plan)
    return Picture(
        plan=plan,
        relation=relation,
        viewer=viewer,
        today=today,
        names=names,
        commitment=pure,
        agreed_by_me=services.key(viewer) in pure.agreed_by,
        engagement=found if therapist else None,
        reasons=tuple(reason_lines(found, names)) if therapist else (),
        sessions=_sessions(plan, viewer, names),
        homework=_homework(plan, viewer, names, today),
        outcomes=tuple(OutcomeLine(names[o.partner], o) for o in services.outcomes(plan, viewer, today=today)),
        decision=chosen,
        choices=tuple((names.get(p, "A former partner"), c.path.description) for p, c in chosen.current.items()),
        checklist=_checklist(plan),
        parting=services.parting_plan(plan).sections,
        charts=_charts(plan, viewer, found, names, own_only=not therapist),
        safety_flag=therapist and conjoint_work_not_advised(viewer, plan.couple),
    )
