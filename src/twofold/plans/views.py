"""Plan pages: thin views over :mod:`twofold.plans.services`; anyone outside the couple gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from twofold.couples.models import Couple
from twofold.plans import forms as plan_forms
from twofold.plans import present, report, services
from twofold.plans.models import Assignment, Plan, Session
from twofold.privacy.access import couple_for_viewer

T = TypeVar("T")


def _couple(request: HttpRequest, couple_id: int, what: str, *relations: str) -> tuple[Couple, str]:
    couple, relation = couple_for_viewer(request.user, couple_id, request=request, what=what)
    if relations and relation not in relations:
        raise Http404("No such page")
    return couple, relation


def _plan(couple: Couple) -> Plan:
    plan = services.current_plan(couple)
    if plan is None:
        raise Http404("No plan yet")
    return plan


def _attempt(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Run a service call; a refusal becomes an error on the field it names (or on the form)."""
    try:
        return action()
    except services.PlansError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return None


def _form_page(request: HttpRequest, form: forms.Form, couple: Couple, heading: str, button: str,
               intro: str = "") -> HttpResponse:
    context = {"form": form, "couple": couple, "heading": heading, "button": button, "intro": intro}
    return render(request, "plans/form.html", context, status=400 if form.is_bound else 200)


def _back(couple: Couple, message: str, request: HttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect("plans:couple", couple_id=couple.pk)


@login_required
def couple_plan(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = _couple(request, couple_id, "commitment plan")
    plan = services.current_plan(couple)
    context = {"couple": couple, "relation": relation, "plan": plan}
    if plan is not None:
        context["p"] = present.picture(request.user, relation, plan, today=timezone.localdate())
        if relation == "partner":
            context["complete_form"] = plan_forms.CompleteHomeworkForm()
    return render(request, "plans/couple.html", context)


@login_required
def propose(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "propose a plan")
    form = plan_forms.ProposePlanForm(request.POST or None, initial={"start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.propose_plan(request.user, couple, start=data["start"],
                                                        weeks=data["weeks"], goals=data["goals"])):
            return _back(couple, "Plan proposed. It starts once both partners agree.", request)
    return _form_page(request, form, couple, "Propose a commitment plan", "Propose the plan",
                      "A time-bound commitment with a review date. Each partner agrees to it in the app.")


@require_POST
@login_required
def agree(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "agree to the plan", "partner")
    try:
        services.agree_to_plan(request.user, _plan(couple))
    except services.PlansError as exc:
        messages.error(request, str(exc))
        return redirect("plans:couple", couple_id=couple.pk)
    return _back(couple, "You agreed to the plan.", request)


@login_required
def adjust(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "move the review date")
    plan = _plan(couple)
    form = plan_forms.AdjustReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.adjust_review(request.user, plan, **form.cleaned_data)):
            return _back(couple, "The review date moved; the earlier date stays in the plan's history.", request)
    return _form_page(request, form, couple, "Move the review date", "Move it")


@login_required
def session_new(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "schedule a session", "therapist")
    plan = _plan(couple)
    form = plan_forms.SessionForm(request.POST or None, initial={"scheduled": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["scheduled"]
        session = _attempt(form, lambda: services.schedule_session(request.user, plan, on=on))
        if session is not None:
            messages.success(request, "Session added.")
            return redirect("plans:session", couple_id=couple.pk, session_id=session.pk)
    return _form_page(request, form, couple, "Add a session", "Add session")


@login_required
def session_detail(request: HttpRequest, couple_id: int, session_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "session", "therapist")
    plan = _plan(couple)
    session = Session.objects.filter(pk=session_id, plan=plan).first()
    if session is None:
        raise Http404("No such session")
    partners = services.plan_partners(plan)
    action = request.POST.get("action")
    initial = {f"partner_{a.partner_id}": a.mark for a in session.attendance.all()}
    attendance = plan_forms.AttendanceForm(request.POST if action == "attendance" else None, initial=initial,
                                           partners=partners)
    note = plan_forms.SessionNoteForm(request.POST if action == "note" else None)
    if request.method == "POST":
        if attendance.is_bound and attendance.is_valid():
            if _attempt(attendance, lambda: services.record_attendance(request.user, session, attendance.marks())):
                messages.success(request, "Attendance saved.")
                return redirect("plans:session", couple_id=couple.pk, session_id=session.pk)
        if note.is_bound and note.is_valid():
            if _attempt(note, lambda: services.write_session_note(request.user, session, note.cleaned_data["text"])):
                messages.success(request, "Note saved. Only you can read it.")
                return redirect("plans:session", couple_id=couple.pk, session_id=session.pk)
    context = {"couple": couple, "session": session, "attendance_form": attendance, "note_form": note,
               "notes": [n for n in services.session_notes(request.user, plan) if n.session_id == session.pk]}
    return render(request, "plans/session.html", context, status=400 if request.method == "POST" else 200)


@login_required
def homework_new(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "assign homework", "therapist")
    plan = _plan(couple)
    form = plan_forms.HomeworkForm(request.POST or None, partners=services.plan_partners(plan))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.assign_homework(
                request.user, plan, title=data["title"], kind=data["kind"], details=data["details"],
                due=data["due"], partners=form.chosen_partners())):
            return _back(couple, "Homework assigned.", request)
    return _form_page(request, form, couple, "Assign homework or a reading", "Assign")


def _own_assignment(request: HttpRequest, couple: Couple, assignment_id: int) -> Assignment:
    assignment = Assignment.objects.select_related("homework").filter(
        pk=assignment_id, partner=request.user, homework__plan__couple=couple).first()
    if assignment is None:
        raise Http404("No such homework")
    return assignment


@require_POST
@login_required
def homework_done(request: HttpRequest, couple_id: int, assignment_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "homework", "partner")
    assignment = _own_assignment(request, couple, assignment_id)
    form = plan_forms.CompleteHomeworkForm(request.POST)
    if form.is_valid() and _attempt(form, lambda: services.complete_homework(request.user, assignment,
                                                                              **form.cleaned_data)):
        return _back(couple, "Marked done. Thank you.", request)
    return _form_page(request, form, couple, f"Done: {assignment.homework.title}", "Mark done")


@require_POST
@login_required
def reflection_share(request: HttpRequest, couple_id: int, assignment_id: int) -> HttpResponse:
    couple, _ = _couple(request, couple_id, "homework", "partner")
    assignment = _own_assignment(request, couple, assignment_id)
    shared = request.POST.get("shared") == "yes"
    try:
        services.share_reflection(request.user, assignment, shared=shared)
    except services.PlansError as exc:
        messages.error(request, str(exc))
        return redirect("plans:couple", couple_id=couple.pk)
    return _back(couple, "Your partner can now read your reflection." if shared
                 else "Your reflection is between you and your therapist again.", request)


@login_required
def review(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = _couple(request, couple_id, "review decision")
    plan = _plan(couple)
    form = plan_forms.ChoosePathForm(request.POST or None) if relation == "partner" else None
    if request.method == "POST" and form is not None and form.is_valid():
        if _attempt(form, lambda: services.choose_path(request.user, plan, **form.cleaned_data)):
            return _back(couple, "Your choice is recorded. You can change it until you both agree.", request)
    context = {"couple": couple, "form": form,
               "p": present.picture(request.user, relation, plan, today=timezone.localdate())}
    return render(request, "plans/review.html", context, status=400 if form is not None and form.is_bound else 200)


@login_required
def separation(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = _couple(request, couple_id, "separation plan")
    plan = _plan(couple)
    action = request.POST.get("action")
    checklist = plan_forms.ChecklistForm(request.POST if action == "checklist" else None)
    draft = plan_forms.PartingDraftForm(request.POST if action == "draft" else None)
    confirm = plan_forms.PartingConfirmForm(request.POST if action == "confirm" else None)
    if request.method == "POST":
        for form, call in (
            (checklist, lambda d: services.update_checklist(request.user, plan, **d)),
            (draft, lambda d: services.draft_parting_section(request.user, plan, **d)),
            (confirm, lambda d: services.confirm_parting_section(request.user, plan, **d)),
        ):
            if form.is_bound and form.is_valid() and _attempt(form, lambda f=form, c=call: c(f.cleaned_data)):
                messages.success(request, "Saved.")
                return redirect("plans:separation", couple_id=couple.pk)
    context = {"couple": couple, "checklist_form": checklist, "draft_form": draft, "confirm_form": confirm,
               "p": present.picture(request.user, relation, plan, today=timezone.localdate())}
    return render(request, "plans/separation.html", context, status=400 if request.method == "POST" else 200)


@login_required
def report_page(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = _couple(request, couple_id, "plan report")
    context = report.context(request.user, relation, _plan(couple), today=timezone.localdate())
    return render(request, "plans/report.html", context)


@login_required
def report_pdf(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = _couple(request, couple_id, "plan report (PDF)")
    pdf = report.pdf(request.user, relation, _plan(couple), today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="twofold-plan-report-{couple.pk}.pdf"'
    return response
