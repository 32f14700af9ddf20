"""Drafts a partner chose to keep, with the coach's analysis. Always private to the author."""

from __future__ import annotations

from django.db import models

from twofold.privacy.fields import EncryptedJSONField, EncryptedTextField
from twofold.privacy.models import OwnedItem


class KeptDraft(OwnedItem):
    """A draft and its analysis, kept for the author's own progress.

    The text and findings are encrypted; the labels and scores are stored plainly so
    the author's weekly trend (and, as counts only, their therapist's signal) can be computed.
    """

    text = EncryptedTextField(max_length=20_000)
    findings = EncryptedJSONField()
    labels = models.JSONField(default=list)
    harmful_count = models.PositiveSmallIntegerField()
    relief_score = models.PositiveSmallIntegerField()
    flooding = models.BooleanField()
    recipient_attachment = models.CharField(max_length=16, blank=True)
    coach_version = models.CharField(max_length=300)

    class Meta:
        ordering = ["-created_at"]
