"""Commitment plans: the plan, sessions, homework, check-in summary and status.

Every route resolves the couple through the one visibility rule (404 for anyone
outside it); the service refuses what the rules refuse (400 with the field at
fault) and saves nothing then.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.api.schemas import Problem
from twofold.plans import services
from twofold.plans.models import Assignment, Plan, Session
from twofold.plans.present import HOMEWORK_LABELS
from twofold.privacy.access import couple_for_viewer

router = Router(tags=["plans"])

Mark = Literal["attended", "cancelled", "no_show"]


class FieldProblem(Schema):
    detail: str
    field: str | None = None


class PlanIn(Schema):
    start: date
    weeks: int | None = Field(None, ge=1, le=104, description="Length in weeks (12 when no review date is given)")
    review: date | None = None
    goals: list[str] = Field(..., min_length=1, max_length=12)


class AdjustmentOut(Schema):
    on: date
    by_id: int | None
    reason: str
    old_review: date
    new_review: date


class PlanOut(Schema):
    id: int
    couple_id: int
    start: date
    initial_review: date
    review: date
    goals: list[str]
    partner_ids: list[int]
    agreed_by: list[int]
    is_agreed: bool
    adjustments: list[AdjustmentOut]


class AdjustIn(Schema):
    new_review: date
    reason: str = Field(..., min_length=1, max_length=500)


class SessionIn(Schema):
    scheduled: date


class SessionOut(Schema):
    id: int
    scheduled: date
    attendance: dict[int, Mark]


class AttendanceIn(Schema):
    attendance: dict[int, Mark] = Field(..., min_length=1, description="Partner id to attended / cancelled / no_show")


class HomeworkIn(Schema):
    title: str = Field(..., min_length=1, max_length=services.MAX_TITLE)
    details: str = Field("", max_length=services.MAX_TEXT)
    kind: Literal["homework", "reading"] = "homework"
    due: date
    assigned_to: list[int] = Field(..., min_length=1, max_length=2, description="Partner ids")


class AssignmentOut(Schema):
    id: int
    homework_id: int
    title: str
    kind: str
    due: date
    partner_id: int
    status: str
    completed_at: datetime | None
    reflection: str | None = Field(None, description="Only when the caller may read it")
    reflection_shared: bool


class CompleteIn(Schema):
    reflection: str = Field("", max_length=services.MAX_TEXT)
    share: bool = False


class CheckinPoint(Schema):
    on: date
    score: float


class PartnerCheckins(Schema):
    partner_id: int
    points: list[CheckinPoint]
    change: float | None
    slope_per_week: float | None
    outcome: str | None
    rci: float | None


class ReasonOut(Schema):
    partner_id: int
    signal: str
    status: str
    text: str


class StatusOut(Schema):
    status: str
    reasons: list[ReasonOut]


def _plan(request: HttpRequest, plan_id: int, what: str, *relations: str) -> Plan:
    plan = Plan.objects.select_related("couple", "partner_a", "partner_b").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such plan")
    _, relation = couple_for_viewer(request.user, plan.couple_id, request=request, what=what)
    if relations and relation not in relations:
        raise Http404("No such plan")
    return plan


def _plan_out(plan: Plan) -> dict:
    pure = services.commitment(plan)
    return {
        "id": plan.pk, "couple_id": plan.couple_id, "start": pure.start, "initial_review": pure.initial_review,
        "review": pure.review, "goals": list(pure.goals), "partner_ids": [int(p) for p in pure.partners],
        "agreed_by": [int(p) for p in pure.agreed_by], "is_agreed": pure.is_agreed,
        "adjustments": [{"on": a.on, "by_id": int(a.by) if a.by.isdigit() else None, "reason": a.reason,
                         "old_review": a.old_review, "new_review": a.new_review} for a in pure.adjustments],
    }


def _session_out(session: Session) -> dict:
    return {"id": session.pk, "scheduled": session.scheduled,
            "attendance": {a.partner_id: a.mark for a in session.attendance.all()}}


def _assignment_out(request: HttpRequest, assignment: Assignment) -> dict:
    homework = assignment.homework
    status = services.homework_status(assignment, timezone.localdate())
    readable = bool(assignment.reflection) and services.reflection_visible(request.user, assignment)
    return {"id": assignment.pk, "homework_id": homework.pk, "title": homework.title, "kind": homework.kind,
            "due": homework.due, "partner_id": assignment.partner_id, "status": HOMEWORK_LABELS[status],
            "completed_at": assignment.completed_at, "reflection": assignment.reflection if readable else None,
            "reflection_shared": assignment.reflection_shared}


@router.get("/couples/{couple_id}", response={200: PlanOut, 404: Problem}, summary="A couple's current plan")
def current_plan(request: HttpRequest, couple_id: int):
    couple, _ = couple_for_viewer(request.user, couple_id, request=request, what="commitment plan (API)")
    plan = services.current_plan(couple)
    if plan is None:
        raise Http404("No plan yet")
    return _plan_out(plan)


@router.post("/couples/{couple_id}", response={201: PlanOut, 400: FieldProblem, 404: Problem},
             summary="Propose a plan (the couple's therapist or a partner)")
def propose_plan(request: HttpRequest, couple_id: int, payload: PlanIn):
    couple, _ = couple_for_viewer(request.user, couple_id, request=request, what="propose a plan (API)")
    weeks = payload.weeks if payload.weeks is not None or payload.review is not None else services.DEFAULT_WEEKS
    plan = services.propose_plan(request.user, couple, start=payload.start, goals=payload.goals, weeks=weeks,
                                 review=payload.review)
    return Status(201, _plan_out(plan))


@router.post("/{plan_id}/agree", response={200: PlanOut, 400: FieldProblem, 404: Problem},
             summary="Agree to the plan (each partner, for themselves)")
def agree(request: HttpRequest, plan_id: int):
    plan = _plan(request, plan_id, "agree to the plan (API)", "partner")
    services.agree_to_plan(request.user, plan)
    return _plan_out(plan)


@router.post("/{plan_id}/adjustments", response={201: PlanOut, 400: FieldProblem, 404: Problem},
             summary="Move the review date (the history is kept)")
def adjust(request: HttpRequest, plan_id: int, payload: AdjustIn):
    plan = _plan(request, plan_id, "move the review date (API)")
    services.adjust_review(request.user, plan, new_review=payload.new_review, reason=payload.reason)
    return Status(201, _plan_out(plan))


@router.get("/{plan_id}/sessions", response={200: list[SessionOut], 404: Problem})
def sessions(request: HttpRequest, plan_id: int):
    plan = _plan(request, plan_id, "sessions (API)")
    return [_session_out(s) for s in plan.sessions.prefetch_related("attendance")]


@router.post("/{plan_id}/sessions", response={201: SessionOut, 400: FieldProblem, 404: Problem},
             summary="Schedule or record a session (therapist)")
def schedule(request: HttpRequest, plan_id: int, payload: SessionIn):
    plan = _plan(request, plan_id, "schedule a session (API)", "therapist")
    return Status(201, _session_out(services.schedule_session(request.user, plan, on=payload.scheduled)))


@router.put("/sessions/{session_id}/attendance", response={200: SessionOut, 400: FieldProblem, 404: Problem},
            summary="Record each partner's attendance (therapist)")
def attendance(request: HttpRequest, session_id: int, payload: AttendanceIn):
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    _plan(request, session.plan_id, "record attendance (API)", "therapist")
    return _session_out(services.record_attendance(request.user, session, payload.attendance))


@router.get("/{plan_id}/homework", response={200: list[AssignmentOut], 404: Problem})
def homework(request: HttpRequest, plan_id: int):
    plan = _plan(request, plan_id, "homework (API)")
    found = Assignment.objects.filter(homework__plan=plan).select_related("homework__plan__couple")
    return [_assignment_out(request, a) for a in found]


@router.post("/{plan_id}/homework", response={201: list[AssignmentOut], 400: FieldProblem, 404: Problem},
             summary="Assign homework or a reading to one partner or both (therapist)")
def assign(request: HttpRequest, plan_id: int, payload: HomeworkIn):
    plan = _plan(request, plan_id, "assign homework (API)", "therapist")
    partners = {p.pk: p for p in services.plan_partners(plan)}
    if any(pk not in partners for pk in payload.assigned_to):
        raise services.PlansError("Homework can only be assigned to the two partners in this plan.", "assigned_to")
    created = services.assign_homework(request.user, plan, title=payload.title, details=payload.details,
                                       kind=payload.kind, due=payload.due,
                                       partners=[partners[pk] for pk in payload.assigned_to])
    assignments = created.assignments.select_related("homework__plan__couple")
    return Status(201, [_assignment_out(request, a) for a in assignments])


@router.post("/assignments/{assignment_id}/complete", response={200: AssignmentOut, 400: FieldProblem, 404: Problem},
             summary="Mark one's own assignment done, with an optional reflection")
def complete(request: HttpRequest, assignment_id: int, payload: CompleteIn):
    assignment = Assignment.objects.select_related("homework__plan__couple").filter(
        pk=assignment_id, partner=request.user).first()
    if assignment is None:
        raise Http404("No such assignment")
    _plan(request, assignment.homework.plan_id, "homework (API)", "partner")
    done = services.complete_homework(request.user, assignment, reflection=payload.reflection, share=payload.share)
    return _assignment_out(request, done)


@router.get("/{plan_id}/checkins", response={200: list[PartnerCheckins], 404: Problem},
            summary="Check-ins per partner (only those shared with the caller), trend and reliable change")
def checkins(request: HttpRequest, plan_id: int):
    plan = _plan(request, plan_id, "check-ins (API)")
    today = timezone.localdate()
    found = services.engagement(plan, request.user, today=today)
    outcomes = {o.partner: o for o in services.outcomes(plan, request.user, today=today)}
    return [
        {"partner_id": int(s.partner), "points": [{"on": c.on, "score": c.score} for c in s.checkins.points],
         "change": s.checkins.change, "slope_per_week": s.checkins.slope, "outcome": outcomes[s.partner].category,
         "rci": outcomes[s.partner].change.rci if outcomes[s.partner].change else None}
        for s in found.partners
    ]


@router.get("/{plan_id}/status", response={200: StatusOut, 404: Problem},
            summary="Engagement status with reasons (the couple's therapist)")
def status(request: HttpRequest, plan_id: int):
    plan = _plan(request, plan_id, "engagement status (API)", "therapist")
    found = services.engagement(plan, request.user, today=timezone.localdate())
    return {"status": found.status.value,
            "reasons": [{"partner_id": int(r.partner), "signal": r.signal, "status": r.status.value, "text": r.text}
                        for r in found.reasons]}
