"""Notes: things a partner wants to remember or bring up, private unless shared."""

from __future__ import annotations

from django.db import models

from twofold.privacy.fields import EncryptedTextField
from twofold.privacy.models import OwnedItem


class Note(OwnedItem):
    title = EncryptedTextField(max_length=120)
    body = EncryptedTextField(max_length=20_000)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
