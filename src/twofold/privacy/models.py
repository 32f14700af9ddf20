"""The privacy model every stored personal item follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    COUPLE = "couple", "Me and my partner"
    COUPLE_AND_THERAPIST = "couple_and_therapist", "Me, my partner and our therapist"


class OwnedItem(models.Model):
    """Base for anything a person writes: an owner, the couple it belongs to, and who may read it.

    Reads go through :func:`twofold.privacy.access.visible_to`; nothing else decides.
    """

    # Null once the author deleted their account: what they shared stays with the couple, unattributed.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    couple = models.ForeignKey("couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    visibility = models.CharField(max_length=24, choices=Visibility.choices, default=Visibility.PRIVATE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AccessRecord(models.Model):
    """Append-only: a therapist or an administrator looked at someone's data.

    Written by :func:`twofold.privacy.audit.record_access`; never updated or deleted by the app.
    """

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    viewer_label = models.CharField(max_length=200)
    viewer_role = models.CharField(max_length=20)
    couple = models.ForeignKey("couples.Couple", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    what = models.CharField(max_length=200)
    route = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Access records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access records are append-only")
