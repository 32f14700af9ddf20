"""Reflections on the weekly relief challenge: private by default, shareable per entry, revocable."""

from __future__ import annotations

from django.db import models

from twofold.privacy.fields import EncryptedTextField
from twofold.privacy.models import OwnedItem


class ChallengeReflection(OwnedItem):
    week = models.CharField(max_length=8)  # ISO week, e.g. 2026-W07
    challenge_id = models.CharField(max_length=80)
    what_i_tried = EncryptedTextField()
    how_partner_responded = EncryptedTextField(blank=True, default="")
    how_it_felt = EncryptedTextField()
    what_id_do_again = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Reflection on {self.challenge_id} ({self.week})"
