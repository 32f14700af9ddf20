"""Couple services: forming a couple, inviting the partner, therapist access by consent.

Every write of couple data happens here, inside a transaction. Errors are
:class:`CoupleError` with a message written for the person who caused it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from twofold.accounts.models import User
from twofold.couples.models import Couple, Membership, PartnerInvite, TherapistConsent, TherapistLink

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
PARTNERS_PER_COUPLE = 2


class CoupleError(Exception):
    """A couple action that cannot be done; ``str()`` is safe to show the person."""


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _invite_ttl() -> timedelta:
    return settings.TWOFOLD_INVITE_TTL


# ---- reading -------------------------------------------------------------------------


def active_membership(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("couple").filter(user=user, left_at__isnull=True).first()


def current_couple(user: User) -> Couple | None:
    membership = active_membership(user)
    return membership.couple if membership else None


def partners_of(couple: Couple) -> list[User]:
    return [m.user for m in couple.memberships.select_related("user").filter(left_at__isnull=True).order_by("joined_at")]


def open_partner_invite(couple: Couple) -> PartnerInvite | None:
    return (
        couple.partner_invites.filter(used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def link_is_active(link: TherapistLink) -> bool:
    """Access needs a claimed, unrevoked link and the consent of every current partner (two of them)."""
    if link.revoked_at is not None or link.therapist_id is None:
        return False
    partner_ids = set(
        Membership.objects.filter(couple_id=link.couple_id, left_at__isnull=True).values_list("user_id", flat=True)
    )
    if len(partner_ids) < PARTNERS_PER_COUPLE:
        return False
    consented = set(link.consents.values_list("partner_id", flat=True))
    return partner_ids <= consented


def couple_ids_with_therapist_access(therapist: User) -> set[int]:
    if not therapist.is_authenticated or not therapist.is_therapist:
        return set()
    links = TherapistLink.objects.filter(therapist=therapist, revoked_at__isnull=True)
    return {link.couple_id for link in links if link_is_active(link)}


def therapist_links(couple: Couple) -> list[TherapistLink]:
    return list(
        couple.therapist_links.filter(revoked_at__isnull=True).select_related("therapist").prefetch_related("consents")
    )


def pending_links_for_therapist(therapist: User) -> list[TherapistLink]:
    """Unclaimed invitations addressed to this therapist's e-mail."""
    return list(
        TherapistLink.objects.filter(
            invited_email__iexact=therapist.email,
            therapist__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).select_related("couple")
    )


# ---- forming a couple ----------------------------------------------------------------


def _require_partner(user: User) -> None:
    if not user.is_partner:
        raise CoupleError("Only partners can form or join a couple. Therapists are invited by a couple.")


@transaction.atomic
def create_couple(user: User, name: str = "") -> Couple:
    _require_partner(user)
    if active_membership(user) is not None:
        raise CoupleError("You are already in a couple. Leave it first to start a new one.")
    couple = Couple.objects.create(name=name.strip(), created_by=user)
    try:
        with transaction.atomic():
            Membership.objects.create(couple=couple, user=user)
    except IntegrityError as exc:
        raise CoupleError("You are already in a couple. Leave it first to start a new one.") from exc
    create_partner_invite(couple, user)
    return couple


@transaction.atomic
def create_partner_invite(couple: Couple, user: User) -> PartnerInvite:
    """A fresh invite; any older open one stops working."""
    if not Membership.objects.filter(couple=couple, user=user, left_at__isnull=True).exists():
        raise CoupleError("Only a member of this couple can invite a partner.")
    if len(partners_of(couple)) >= PARTNERS_PER_COUPLE:
        raise CoupleError("This couple already has two partners.")
    now = timezone.now()
    couple.partner_invites.filter(used_at__isnull=True, cancelled_at__isnull=True).update(cancelled_at=now)
    return PartnerInvite.objects.create(
        couple=couple,
        code=_new_code(),
        token=secrets.token_urlsafe(24),
        created_by=user,
        expires_at=now + _invite_ttl(),
    )


def _find_invite(code: str | None, token: str | None) -> PartnerInvite:
    invite = None
    if token:
        invite = PartnerInvite.objects.select_for_update().filter(token=token).first()
    elif code:
        invite = PartnerInvite.objects.select_for_update().filter(code=normalise_code(code)).first()
    if invite is None:
        raise CoupleError("We could not find that invitation. Check the code and try again.")
    if invite.used_at is not None:
        raise CoupleError("This invitation has already been used. Ask your partner for a new code.")
    if invite.cancelled_at is not None:
        raise CoupleError("This invitation was replaced by a newer one. Ask your partner for the latest code.")
    if invite.expires_at <= timezone.now():
        raise CoupleError("This invitation has expired. Ask your partner to create a new one.")
    return invite


@transaction.atomic
def join_couple(user: User, *, code: str | None = None, token: str | None = None) -> Couple:
    _require_partner(user)
    invite = _find_invite(code, token)
    if active_membership(user) is not None:
        raise CoupleError("You are already in a couple. Leave it first to join another.")
    couple = invite.couple
    if len(partners_of(couple)) >= PARTNERS_PER_COUPLE:
        raise CoupleError("This couple already has two partners.")
    Membership.objects.create(couple=couple, user=user)
    invite.used_by = user
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_by", "used_at"])
    return couple


@transaction.atomic
def leave_couple(user: User) -> None:
    membership = active_membership(user)
    if membership is None:
        raise CoupleError("You are not in a couple.")
    now = timezone.now()
    membership.left_at = now
    membership.save(update_fields=["left_at"])
    membership.couple.partner_invites.filter(used_at__isnull=True, cancelled_at__isnull=True).update(cancelled_at=now)
    # A past partner's consent no longer counts; a new partner must give their own.
    TherapistConsent.objects.filter(link__couple=membership.couple, partner=user).delete()


# ---- therapist access ----------------------------------------------------------------


def _require_member(couple: Couple, user: User) -> None:
    if not Membership.objects.filter(couple=couple, user=user, left_at__isnull=True).exists():
        raise CoupleError("Only a partner in this couple can do that.")


@transaction.atomic
def invite_therapist(couple: Couple, by: User, email: str = "") -> TherapistLink:
    """Invite a therapist by e-mail (optional) and a code. Inviting counts as the inviter's consent."""
    _require_member(couple, by)
    email = email.strip().lower()
    if email and couple.therapist_links.filter(invited_email__iexact=email, revoked_at__isnull=True).exists():
        raise CoupleError("You have already invited this therapist.")
    link = TherapistLink.objects.create(
        couple=couple,
        invited_email=email,
        code=_new_code(),
        created_by=by,
        expires_at=timezone.now() + _invite_ttl(),
    )
    TherapistConsent.objects.create(link=link, partner=by)
    return link


@transaction.atomic
def claim_therapist_link(therapist: User, *, code: str | None = None, link_id: int | None = None) -> TherapistLink:
    if not therapist.is_therapist:
        raise CoupleError("Only a therapist account can accept a couple's invitation.")
    query = TherapistLink.objects.select_for_update()
    if code:
        link = query.filter(code=normalise_code(code)).first()
    else:
        link = query.filter(pk=link_id, invited_email__iexact=therapist.email).first()
    if link is None:
        raise CoupleError("We could not find that invitation. Check the code and try again.")
    if link.revoked_at is not None:
        raise CoupleError("The couple withdrew this invitation.")
    if link.therapist_id is not None:
        raise CoupleError("This invitation has already been used.")
    if link.expires_at <= timezone.now():
        raise CoupleError("This invitation has expired. Ask the couple for a new code.")
    if link.couple.therapist_links.filter(therapist=therapist, revoked_at__isnull=True).exists():
        raise CoupleError("You already work with this couple.")
    link.therapist = therapist
    link.claimed_at = timezone.now()
    link.save(update_fields=["therapist", "claimed_at"])
    return link


@transaction.atomic
def accept_therapist(link: TherapistLink, partner: User) -> None:
    _require_member(link.couple, partner)
    if link.revoked_at is not None:
        raise CoupleError("This therapist invitation was withdrawn.")
    TherapistConsent.objects.get_or_create(link=link, partner=partner)


@transaction.atomic
def revoke_therapist(link: TherapistLink, partner: User) -> None:
    """Either partner can end a therapist's access at any time."""
    _require_member(link.couple, partner)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = partner
        link.save(update_fields=["revoked_at", "revoked_by"])
