"""A sitting (answers saved as a person goes) and the stored, versioned result of submitting it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from twofold.privacy.fields import EncryptedJSONField
from twofold.privacy.models import OwnedItem


class Sitting(models.Model):
    """One person answering one instrument version. Answers (item number as a string -> value)
    are saved section by section, so a sitting can be left and resumed; it is submitted once."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.CharField(max_length=64)
    answers = EncryptedJSONField(default=dict)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument_id"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_sitting_per_instrument",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.instrument_version} sitting {self.pk}"


class AssessmentResult(OwnedItem):
    """The scored result of a submitted sitting, with the instrument version that produced it.

    `scores` is `twofold.instruments.Result.to_dict()` (encrypted: it holds free-text details).
    `pattern`, `stance` and `band` are kept in the clear for lookups. `conjoint_work_advised`
    is set only by the safety screen, whose result is always private: the therapist learns
    only the flag, through `services.conjoint_work_not_advised`.
    """

    # SET_NULL: when an account is deleted its sittings go, but results it shared stay with the couple.
    sitting = models.OneToOneField(Sitting, on_delete=models.SET_NULL, null=True, related_name="result")
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.CharField(max_length=64)
    scores = EncryptedJSONField()
    pattern = models.CharField(max_length=16, blank=True)
    stance = models.CharField(max_length=16, blank=True)
    band = models.CharField(max_length=64, blank=True)
    conjoint_work_advised = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "instrument_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.instrument_version} result {self.pk}"
