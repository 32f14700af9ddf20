"""Lean-in conversations as an event log, the turns derived from it, and "ready to come back" messages.

The event log is the source of truth: replaying it through the pure state machine
rebuilds the conversation. Turn rows and the summary are written in the same
transaction as the event, for history pages and the API.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twofold.privacy.fields import EncryptedJSONField, EncryptedTextField
from twofold.privacy.models import OwnedItem


class Conversation(OwnedItem):
    """One conversation of a couple. ``owner`` started it; the summary is shared as ``visibility`` says.

    The safety part (who triggered a safety pause, the resources) is never stored
    here: a therapist sees only ``safety_flagged``.
    """

    partner_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    partner_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    phase = models.CharField(max_length=16, default="topic")
    topic = EncryptedTextField(blank=True, default="")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    events = models.PositiveIntegerField(default=0)
    summary = EncryptedJSONField(null=True, blank=True)
    safety_flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    @property
    def is_over(self) -> bool:
        return self.phase in ("complete", "ended")


class ConversationEvent(models.Model):
    """Append-only: one accepted event, in order (``seq`` from 0)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="event_log")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)
    payload = EncryptedJSONField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [models.UniqueConstraint(fields=["conversation", "seq"], name="one_event_per_seq")]


class ConversationTurn(models.Model):
    """A recorded turn as the state machine made it. ``private`` turns belong to their author alone."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turn_rows")
    index = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    role = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=12)
    text = EncryptedTextField(blank=True, default="")
    labels = EncryptedJSONField(default=list)
    accepted = models.BooleanField(null=True)
    private = models.BooleanField(default=False)
    at = models.DateTimeField()

    class Meta:
        ordering = ["conversation", "index"]
        constraints = [models.UniqueConstraint(fields=["conversation", "index"], name="one_turn_per_index")]


class ComeBackMessage(OwnedItem):
    """From the pause page: "I am ready to come back", for the partner's couple home."""

    note = EncryptedTextField(blank=True, default="", max_length=300)

    class Meta:
        ordering = ["-created_at", "-pk"]
