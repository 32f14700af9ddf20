"""Stored facts of a couple's commitment plan. Append-only where history matters.

Rows are written only by :mod:`twofold.plans.services`, which checks every change
with the pure rules in :mod:`twofold.plan` before saving. Personal text is encrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twofold.plan import Attendance, DecisionPath, HomeworkKind, ItemStatus
from twofold.privacy.fields import EncryptedJSONField, EncryptedTextField

USER = settings.AUTH_USER_MODEL


def _choices(enum_type) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum_type]


class Plan(models.Model):
    """A time-bound commitment proposed for a couple; the latest one is the couple's current plan."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="plans")
    proposed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    # The two partners the plan was made with (the couple's members may change later).
    partner_a = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    partner_b = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    initial_review = models.DateField()
    goals = EncryptedJSONField()  # list of strings
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class PlanAgreement(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreements")
    partner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    agreed_at = models.DateTimeField()

    class Meta:
        ordering = ["agreed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "partner"], name="one_agreement_per_partner")]


class PlanAdjustment(models.Model):
    """A moved review date; never edited, so the history of the plan stays."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjustments")
    on = models.DateField()
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = EncryptedTextField()
    old_review = models.DateField()
    new_review = models.DateField()

    class Meta:
        ordering = ["on", "pk"]


class Session(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    scheduled = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled", "pk"]


class SessionAttendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    partner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    mark = models.CharField(max_length=12, choices=_choices(Attendance))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "partner"], name="one_mark_per_partner")]


class SessionNote(models.Model):
    """The therapist's own note on a session: nobody else ever reads it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    therapist = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Homework(models.Model):
    """An assignment (homework or a reading); each partner it is for gets an :class:`Assignment`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="homework")
    kind = models.CharField(max_length=12, choices=_choices(HomeworkKind), default=HomeworkKind.HOMEWORK)
    title = EncryptedTextField()
    details = EncryptedTextField(blank=True, default="")
    due = models.DateField()
    assigned_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]


class Assignment(models.Model):
    """One partner's part of a homework: done or not, and their reflection.

    The reflection is read by its author and the couple's therapist; the other
    partner reads it only while ``reflection_shared`` is set.
    """

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="assignments")
    partner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    reflection = EncryptedTextField(blank=True, default="")
    reflection_shared = models.BooleanField(default=False)

    class Meta:
        ordering = ["homework__due", "pk"]
        constraints = [models.UniqueConstraint(fields=["homework", "partner"], name="one_assignment_per_partner")]


class ReviewChoice(models.Model):
    """A partner's choice of path at the review; appended, the latest one counts."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="choices")
    partner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=16, choices=_choices(DecisionPath))
    effort_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    note = EncryptedTextField(blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class ChecklistUpdate(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="checklist_updates")
    item_id = models.CharField(max_length=60)
    status = models.CharField(max_length=16, choices=_choices(ItemStatus))
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = EncryptedTextField(blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class PartingDraft(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parting_drafts")
    section = models.CharField(max_length=20)
    version = models.PositiveIntegerField()
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "section", "version"], name="one_draft_per_version")]


class PartingConfirmation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parting_confirmations")
    section = models.CharField(max_length=20)
    version = models.PositiveIntegerField()
    partner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
