"""Couples, their members, partner invitations and therapist access with consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Couple(models.Model):
    name = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name or f"Couple {self.pk}"


class Membership(models.Model):
    """A partner's place in a couple. ``left_at`` set means a past membership."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(left_at__isnull=True), name="one_active_couple_per_person"),
        ]


class PartnerInvite(models.Model):
    """An invitation for the second partner: a link token and a short code to type."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="partner_invites")
    code = models.CharField(max_length=12, unique=True)
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)


class TherapistLink(models.Model):
    """A couple's invitation to a therapist, and the access it grants once both partners consent."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="therapist_links")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="therapist_links"
    )
    invited_email = models.EmailField(blank=True)
    code = models.CharField(max_length=12, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")


class TherapistConsent(models.Model):
    """One partner's agreement that the linked therapist may see the couple's shared items."""

    link = models.ForeignKey(TherapistLink, on_delete=models.CASCADE, related_name="consents")
    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "partner"], name="one_consent_per_partner")]
