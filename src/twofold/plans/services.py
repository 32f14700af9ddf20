"""Plan services: the only place that writes plans, sessions, homework, decisions and parting plans.

Every write is one transaction, checked first against the pure rules of
:mod:`twofold.plan`; a refusal raises :class:`PlansError` (with the form field it
belongs to) and saves nothing. Readers rebuild the pure objects from stored rows.

Partners are identified in the pure layer by ``str(user.pk)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from twofold.accounts.models import User
from twofold.assessments.services import checkin_history
from twofold.challenges.services import reflection_dates
from twofold.coaching.services import weekly_message_stats
from twofold.conversations.services import completed_conversation_dates
from twofold.couples.models import Couple
from twofold.couples.services import partners_of
from twofold.instruments import get_instrument
from twofold.plan import (
    Adjustment,
    Agreement,
    Attendance,
    CheckinScale,
    CheckinScore,
    ChecklistProgress,
    Choice,
    CommitmentPlan,
    Confirmation,
    CoupleRecords,
    DecisionPath,
    Draft,
    Engagement,
    HomeworkKind,
    HomeworkRecord,
    HomeworkStatus,
    ItemStatus,
    ItemUpdate,
    PartingPlan,
    PartingSection,
    PartnerOutcome,
    PlanError,
    PracticeRecord,
    ReviewDecision,
    SessionRecord,
    Thresholds,
    assess,
    check_new_assignment,
    couple_outcomes,
)
from twofold.plans import reminders
from twofold.plans.models import (
    Assignment,
    ChecklistUpdate,
    Homework,
    PartingConfirmation,
    PartingDraft,
    Plan,
    PlanAdjustment,
    PlanAgreement,
    ReviewChoice,
    Session,
    SessionAttendance,
    SessionNote,
)
from twofold.privacy.access import couple_relation

CHECKIN = "relationship-checkin"
DEFAULT_WEEKS = 12
MAX_TITLE = 200
MAX_TEXT = 5_000
MAX_NOTE = 20_000
# The check-in is a 1-7 mean: a fall of a quarter point a week is a worrying trend (provisional).
THRESHOLDS = Thresholds(checkin_drop_per_week=0.25)


class PlansError(Exception):
    """A refused plan action; ``str()`` is safe to show, ``field`` names the input at fault (or None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _sentence(message: str) -> str:
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@contextmanager
def _rules(fields: Mapping[str, str] | None = None, default: str | None = None) -> Iterator[None]:
    """Turn a pure-rule refusal into a :class:`PlansError`; the field is the first keyword found in it."""
    try:
        yield
    except PlanError as exc:
        message = str(exc)
        field = next((name for word, name in (fields or {}).items() if word in message), default)
        raise PlansError(_sentence(message), field) from exc


def key(user: User) -> str:
    return str(user.pk)


# ---- who may act ------------------------------------------------------------------------


def _relation(actor: User, couple: Couple) -> str | None:
    return couple_relation(actor, couple)


def _require(actor: User, plan_or_couple: Plan | Couple, *relations: str) -> None:
    couple = plan_or_couple.couple if isinstance(plan_or_couple, Plan) else plan_or_couple
    if _relation(actor, couple) not in relations:
        who = " or ".join("the couple's therapist" if r == "therapist" else "a partner" for r in relations)
        raise PlansError(f"Only {who} can do that.")


def _require_partner_of(partner: User, plan: Plan) -> None:
    if partner.pk not in (plan.partner_a_id, plan.partner_b_id) or _relation(partner, plan.couple) != "partner":
        raise PlansError("Only the two partners in this plan can do that.")


def _locked(plan: Plan) -> Plan:
    """Lock the plan row so two writes to one plan are applied one after the other."""
    return Plan.objects.select_for_update().select_related("couple").get(pk=plan.pk)


# ---- reading: pure objects from rows ---------------------------------------------------------


def current_plan(couple: Couple) -> Plan | None:
    return couple.plans.select_related("partner_a", "partner_b").first()


def plan_partners(plan: Plan) -> tuple[User, User]:
    return plan.partner_a, plan.partner_b


def partner_keys(plan: Plan) -> tuple[str, str]:
    return str(plan.partner_a_id), str(plan.partner_b_id)


def commitment(plan: Plan) -> CommitmentPlan:
    return CommitmentPlan(
        partners=partner_keys(plan),
        proposed_by=str(plan.proposed_by_id),
        start=plan.start,
        initial_review=plan.initial_review,
        goals=tuple(plan.goals),
        agreements=tuple(Agreement(str(a.partner_id), a.agreed_at) for a in plan.agreements.all()),
        adjustments=tuple(
            Adjustment(a.on, str(a.by_id), a.reason, a.old_review, a.new_review) for a in plan.adjustments.all()
        ),
    )


def decision(plan: Plan) -> ReviewDecision:
    choices = tuple(
        Choice(str(c.partner_id), DecisionPath(c.path), c.at, c.effort_weeks, c.note) for c in plan.choices.all()
    )
    return ReviewDecision(partner_keys(plan), commitment(plan).review, choices)


def checklist_progress(plan: Plan) -> ChecklistProgress:
    updates = tuple(
        ItemUpdate(u.item_id, ItemStatus(u.status), u.at, str(u.by_id), u.note) for u in plan.checklist_updates.all()
    )
    return ChecklistProgress(updates=updates)


def parting_plan(plan: Plan) -> PartingPlan:
    empty = PartingPlan.new(partner_keys(plan))
    drafts = list(plan.parting_drafts.all())
    confirmations = list(plan.parting_confirmations.all())
    sections = tuple(
        PartingSection(
            s.key,
            s.title,
            tuple(Draft(d.version, str(d.author_id), d.text, d.at) for d in drafts if d.section == s.key),
            tuple(Confirmation(str(c.partner_id), c.version, c.at) for c in confirmations if c.section == s.key),
        )
        for s in empty.sections
    )
    return PartingPlan(empty.partners, sections)


def checkin_scale() -> CheckinScale:
    change = get_instrument(CHECKIN).change
    return CheckinScale(change.sd, change.reliability, change.cutoff, change.higher_is_better)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _practice(plan: Plan, partners: Sequence[User]) -> list[PracticeRecord]:
    conversations = Counter(_monday(day) for day in completed_conversation_dates(plan.couple))
    records = []
    for partner in partners:
        challenges = Counter(_monday(day) for day in reflection_dates(partner))
        for week in sorted(set(conversations) | set(challenges)):
            records.append(PracticeRecord(key(partner), week, conversations[week], challenges[week]))
    return records


def checkins(plan: Plan, viewer: User) -> list[CheckinScore]:
    """Both partners' check-ins, limited to what ``viewer`` may see."""
    return [
        CheckinScore(key(partner), day, value)
        for partner in plan_partners(plan)
        for day, value in checkin_history(partner, viewer=viewer)
    ]


def couple_records(plan: Plan, viewer: User) -> CoupleRecords:
    partners = plan_partners(plan)
    sessions = [
        SessionRecord(str(s.pk), s.scheduled, {str(a.partner_id): Attendance(a.mark) for a in s.attendance.all()})
        for s in plan.sessions.prefetch_related("attendance")
    ]
    homework = [
        HomeworkRecord(str(a.pk), str(a.partner_id), a.homework.due, a.completed_at, HomeworkKind(a.homework.kind))
        for a in Assignment.objects.filter(homework__plan=plan).select_related("homework")
    ]
    return CoupleRecords(
        partners=partner_keys(plan),
        sessions=sessions,
        homework=homework,
        practice=_practice(plan, partners),
        messages=[stat for partner in partners for stat in weekly_message_stats(partner)],
        checkins=checkins(plan, viewer),
    )


def engagement(plan: Plan, viewer: User, *, today: date) -> Engagement:
    """Signals and status from what ``viewer`` may see (a check-in not shared with them does not count)."""
    return assess(couple_records(plan, viewer), today=today, thresholds=THRESHOLDS)


def outcomes(plan: Plan, viewer: User, *, today: date) -> tuple[PartnerOutcome, PartnerOutcome]:
    return couple_outcomes(checkins(plan, viewer), partner_keys(plan), checkin_scale(), today=today)


def homework_status(assignment: Assignment, today: date) -> HomeworkStatus:
    return HomeworkRecord(str(assignment.pk), str(assignment.partner_id), assignment.homework.due,
                          assignment.completed_at).status(today)


def reflection_visible(viewer: User, assignment: Assignment) -> bool:
    """The author and the couple's therapist read a reflection; the other partner only once it is shared."""
    if assignment.partner_id == viewer.pk:
        return True
    relation = _relation(viewer, assignment.homework.plan.couple)
    return relation == "therapist" or (relation == "partner" and assignment.reflection_shared)


def session_notes(viewer: User, plan: Plan) -> list[SessionNote]:
    """The viewer's own session notes on this plan: a therapist's notes are theirs alone."""
    if not viewer.is_therapist:
        return []
    return list(SessionNote.objects.filter(session__plan=plan, therapist=viewer).select_related("session"))


# ---- the plan ------------------------------------------------------------------------------


@transaction.atomic
def propose_plan(by: User, couple: Couple, *, start: date, goals: Sequence[str], weeks: int | None = DEFAULT_WEEKS,
                 review: date | None = None, today: date | None = None) -> Plan:
    """A new plan for the couple, proposed by their therapist or one of the partners."""
    _require(by, couple, "therapist", "partner")
    today = today or timezone.localdate()
    partners = partners_of(couple)
    if len(partners) != 2:
        raise PlansError("A plan needs both partners in the couple space.")
    if start < today:
        raise PlansError("The start date is in the past.", "start")
    latest = current_plan(couple)
    if latest is not None and not decision(latest).both_chose:
        raise PlansError("This couple already has a plan in progress; move its review date instead.")
    with _rules({"goal": "goals", "week": "weeks", "review": "review"}, "start"):
        pure = CommitmentPlan.propose((key(partners[0]), key(partners[1])), proposed_by=key(by), start=start,
                                      goals=tuple(goals), weeks=weeks, review=review)
    return Plan.objects.create(couple=couple, proposed_by=by, partner_a=partners[0], partner_b=partners[1],
                               start=pure.start, initial_review=pure.initial_review, goals=list(pure.goals))


@transaction.atomic
def agree_to_plan(partner: User, plan: Plan, *, at: datetime | None = None) -> PlanAgreement:
    """One partner's explicit agreement to the current plan."""
    plan = _locked(plan)
    _require_partner_of(partner, plan)
    if current_plan(plan.couple).pk != plan.pk:
        raise PlansError("This plan has been replaced by a newer one.")
    at = at or timezone.now()
    with _rules():
        agreed = commitment(plan).agree(key(partner), at)
    agreement = PlanAgreement.objects.create(plan=plan, partner=partner, agreed_at=at)
    if agreed.is_agreed:
        reminders.schedule("review", plan.pk, agreed.review, notice_days=reminders.REVIEW_NOTICE_DAYS)
    return agreement


@transaction.atomic
def adjust_review(by: User, plan: Plan, *, new_review: date, reason: str, today: date | None = None
                  ) -> PlanAdjustment:
    """Move the review date; the old date and the reason stay in the plan's history."""
    plan = _locked(plan)
    _require(by, plan, "therapist", "partner")
    today = today or timezone.localdate()
    with _rules({"why": "reason", "reason": "reason"}, "new_review"):
        moved = commitment(plan).adjust_review(new_review, on=today, by=key(by), reason=reason).adjustments[-1]
    adjustment = PlanAdjustment.objects.create(plan=plan, on=moved.on, by=by, reason=moved.reason,
                                               old_review=moved.old_review, new_review=moved.new_review)
    reminders.schedule("review", plan.pk, moved.new_review, notice_days=reminders.REVIEW_NOTICE_DAYS)
    return adjustment


# ---- sessions ------------------------------------------------------------------------------


@transaction.atomic
def schedule_session(therapist: User, plan: Plan, *, on: date) -> Session:
    """A session in the plan period (a past one may be entered to record it)."""
    plan = _locked(plan)
    _require(therapist, plan, "therapist")
    if on < plan.start:
        raise PlansError(f"A session cannot come before the plan starts ({plan.start:%d %b %Y}).", "scheduled")
    session = Session.objects.create(plan=plan, scheduled=on)
    reminders.schedule("session", session.pk, on)
    return session


@transaction.atomic
def record_attendance(therapist: User, session: Session, marks: Mapping[int, str], *, today: date | None = None
                      ) -> Session:
    """Each partner's attendance: attended, cancelled (called off in advance) or no-show."""
    session = Session.objects.select_for_update().select_related("plan__couple").get(pk=session.pk)
    _require(therapist, session.plan, "therapist")
    today = today or timezone.localdate()
    if session.scheduled > today:
        raise PlansError("Attendance can be recorded on or after the day of the session.", "attendance")
    partners = {session.plan.partner_a_id, session.plan.partner_b_id}
    if not marks:
        raise PlansError("Mark the attendance of at least one partner.", "attendance")
    cleaned: dict[int, Attendance] = {}
    for partner_id, mark in marks.items():
        if partner_id not in partners:
            raise PlansError("Attendance can only be recorded for the two partners in this plan.", "attendance")
        if mark not in set(Attendance):
            raise PlansError(f"Choose attended, cancelled or no-show, not {mark!r}.", "attendance")
        cleaned[partner_id] = Attendance(mark)
    for partner_id, mark in cleaned.items():
        SessionAttendance.objects.update_or_create(session=session, partner_id=partner_id,
                                                   defaults={"mark": mark.value})
    return session


@transaction.atomic
def write_session_note(therapist: User, session: Session, text: str) -> SessionNote:
    _require(therapist, session.plan, "therapist")
    text = text.strip()
    if not text:
        raise PlansError("The note is empty.", "text")
    if len(text) > MAX_NOTE:
        raise PlansError(f"Keep a note under {MAX_NOTE} characters.", "text")
    return SessionNote.objects.create(session=session, therapist=therapist, text=text)


# ---- homework ------------------------------------------------------------------------------


@transaction.atomic
def assign_homework(therapist: User, plan: Plan, *, title: str, due: date, partners: Sequence[User],
                    kind: str = HomeworkKind.HOMEWORK, details: str = "", today: date | None = None) -> Homework:
    """Homework or a reading for one partner or both (one assignment each)."""
    plan = _locked(plan)
    _require(therapist, plan, "therapist")
    today = today or timezone.localdate()
    title, details = title.strip(), details.strip()
    if not title:
        raise PlansError("Give the homework a short title.", "title")
    if len(title) > MAX_TITLE:
        raise PlansError(f"Keep the title under {MAX_TITLE} characters.", "title")
    if len(details) > MAX_TEXT:
        raise PlansError(f"Keep the details under {MAX_TEXT} characters.", "details")
    if kind not in set(HomeworkKind):
        raise PlansError("Choose homework or a reading.", "kind")
    if not partners or len({p.pk for p in partners}) != len(partners):
        raise PlansError("Choose who the homework is for.", "assigned_to")
    for partner in partners:
        with _rules({"due": "due", "past": "due"}, "assigned_to"):
            check_new_assignment(due, today=today, assigned_to=key(partner), partners=partner_keys(plan))
    homework = Homework.objects.create(plan=plan, kind=kind, title=title, details=details, due=due,
                                       assigned_by=therapist)
    Assignment.objects.bulk_create([Assignment(homework=homework, partner=partner) for partner in partners])
    reminders.schedule("homework", homework.pk, due)
    return homework


def _own_assignment(partner: User, assignment_id: int) -> Assignment:
    found = Assignment.objects.select_for_update().select_related("homework__plan__couple").filter(pk=assignment_id)
    assignment = found.first()
    if assignment is None or assignment.partner_id != partner.pk:
        raise PlansError("Only the partner this homework is for can change it.")
    return assignment


@transaction.atomic
def complete_homework(partner: User, assignment: Assignment, *, reflection: str = "", share: bool = False,
                      at: datetime | None = None) -> Assignment:
    """Mark one's own assignment done, with an optional reflection (shared with the partner only if asked)."""
    assignment = _own_assignment(partner, assignment.pk)
    if assignment.completed_at is not None:
        raise PlansError("You have already marked this done.")
    reflection = reflection.strip()
    if len(reflection) > MAX_TEXT:
        raise PlansError(f"Keep the reflection under {MAX_TEXT} characters.", "reflection")
    assignment.completed_at = at or timezone.now()
    assignment.reflection, assignment.reflection_shared = reflection, share and bool(reflection)
    assignment.save(update_fields=["completed_at", "reflection", "reflection_shared"])
    return assignment


@transaction.atomic
def share_reflection(partner: User, assignment: Assignment, *, shared: bool) -> Assignment:
    """Show one's reflection to the partner, or stop showing it (the therapist reads it either way)."""
    assignment = _own_assignment(partner, assignment.pk)
    if shared and not assignment.reflection:
        raise PlansError("There is no reflection to share yet.")
    assignment.reflection_shared = shared
    assignment.save(update_fields=["reflection_shared"])
    return assignment


# ---- review, separation and parting --------------------------------------------------------


@transaction.atomic
def choose_path(partner: User, plan: Plan, *, path: str, effort_weeks: int | None = None, note: str = "",
                at: datetime | None = None) -> ReviewChoice:
    """A partner's choice at the review: status quo, separate, or an all-out effort."""
    plan = _locked(plan)
    _require_partner_of(partner, plan)
    if not commitment(plan).is_agreed:
        raise PlansError("The review comes after both partners agreed to the plan.")
    if path not in set(DecisionPath):
        raise PlansError("Choose one of the three paths.", "path")
    at = at or timezone.now()
    with _rules({"week": "effort_weeks", "note": "note"}, "path"):
        chosen = decision(plan).choose(key(partner), path, at, effort_weeks=effort_weeks, note=note).choices[-1]
    return ReviewChoice.objects.create(plan=plan, partner=partner, path=chosen.path, at=at,
                                       effort_weeks=chosen.effort_weeks, note=chosen.note)


def _require_separation(plan: Plan) -> None:
    if not decision(plan).separation_on_the_table:
        raise PlansError("The separation checklist opens once one of you chooses to separate at the review.")


@transaction.atomic
def update_checklist(by: User, plan: Plan, *, item_id: str, status: str, note: str = "",
                     at: datetime | None = None) -> ChecklistUpdate:
    plan = _locked(plan)
    _require(by, plan, "therapist", "partner")
    _require_separation(plan)
    if status not in set(ItemStatus):
        raise PlansError("Choose a status for the item.", "status")
    at = at or timezone.now()
    with _rules({"item": "item_id", "note": "note"}, "item_id"):
        update = checklist_progress(plan).update(item_id, status, at=at, by=key(by), note=note).updates[-1]
    return ChecklistUpdate.objects.create(plan=plan, item_id=update.item_id, status=update.status, by=by,
                                          note=update.note, at=at)


@transaction.atomic
def draft_parting_section(partner: User, plan: Plan, *, section: str, text: str, at: datetime | None = None
                          ) -> PartingDraft:
    """A new draft of one section of the parting plan; it needs both confirmations again."""
    plan = _locked(plan)
    _require_partner_of(partner, plan)
    _require_separation(plan)
    at = at or timezone.now()
    with _rules({"section": "section"}, "text"):
        draft = parting_plan(plan).draft(section, key(partner), text, at).section(section).current
    return PartingDraft.objects.create(plan=plan, section=section, version=draft.version, author=partner,
                                       text=draft.text, at=at)


@transaction.atomic
def confirm_parting_section(partner: User, plan: Plan, *, section: str, at: datetime | None = None
                            ) -> PartingConfirmation:
    plan = _locked(plan)
    _require_partner_of(partner, plan)
    _require_separation(plan)
    at = at or timezone.now()
    with _rules({"section": "section"}, "section"):
        confirmed = parting_plan(plan).confirm(section, key(partner), at).section(section).confirmations[-1]
    return PartingConfirmation.objects.create(plan=plan, section=section, version=confirmed.version,
                                              partner=partner, at=at)
