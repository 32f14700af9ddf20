"""Forming a couple, joining by code or link, leaving, and therapist access by consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from twofold.couples import services
from twofold.couples.models import Membership
from twofold.couples.services import CoupleError

pytestmark = pytest.mark.django_db


def test_create_and_join_by_code(person):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    couple = services.create_couple(a)
    code = services.open_partner_invite(couple).code
    assert len(code) == 8
    joined = services.join_couple(b, code=code.lower()[:4] + "-" + code.lower()[4:])
    assert joined == couple
    assert services.partners_of(couple) == [a, b]
    assert services.open_partner_invite(couple) is None  # the couple is full: no open invitation
    assert couple.partner_invites.get(code=code).used_by == b


def test_join_by_link_token(person):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    couple = services.create_couple(a)
    assert services.join_couple(b, token=services.open_partner_invite(couple).token) == couple


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "", "12345678"])
def test_unknown_code(person, code):
    b = person("b@x.test", "B")
    with pytest.raises(CoupleError, match="could not find"):
        services.join_couple(b, code=code)
    assert not Membership.objects.filter(user=b).exists()


def test_used_invite_is_refused_with_a_clear_message(person):
    a, b, c = person("a@x.test", "A"), person("b@x.test", "B"), person("c@x.test", "C")
    couple = services.create_couple(a)
    code = services.open_partner_invite(couple).code
    services.join_couple(b, code=code)
    with pytest.raises(CoupleError, match="already been used"):
        services.join_couple(c, code=code)
    assert services.current_couple(c) is None


def test_expired_invite_is_refused(person, settings):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    couple = services.create_couple(a)
    code = services.open_partner_invite(couple).code
    with time_machine.travel(timezone.now() + settings.TWOFOLD_INVITE_TTL + timedelta(minutes=1)):
        with pytest.raises(CoupleError, match="expired"):
            services.join_couple(b, code=code)
    assert services.current_couple(b) is None


def test_replaced_invite_is_refused(person):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    couple = services.create_couple(a)
    old = services.open_partner_invite(couple).code
    services.create_partner_invite(couple, a)
    with pytest.raises(CoupleError, match="replaced by a newer one"):
        services.join_couple(b, code=old)


def test_one_active_couple_per_person(person):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    services.create_couple(a)
    with pytest.raises(CoupleError, match="already in a couple"):
        services.create_couple(a)
    other = services.create_couple(b)
    with pytest.raises(CoupleError, match="already in a couple"):
        services.join_couple(a, code=services.open_partner_invite(other).code)
    assert services.partners_of(other) == [b]


def test_therapists_cannot_form_or_join_couples(person):
    a, t = person("a@x.test", "A"), person("t@x.test", "T", role="therapist")
    with pytest.raises(CoupleError, match="Only partners"):
        services.create_couple(t)
    couple = services.create_couple(a)
    with pytest.raises(CoupleError, match="Only partners"):
        services.join_couple(t, code=services.open_partner_invite(couple).code)


def test_leaving_frees_the_person_and_cancels_open_invites(personas):
    services.leave_couple(personas.partner_b)
    assert services.current_couple(personas.partner_b) is None
    assert services.partners_of(personas.couple) == [personas.partner_a]
    # Therapist access needs two consenting partners: it ends when one leaves.
    assert not services.link_is_active(personas.link)
    with pytest.raises(CoupleError, match="not in a couple"):
        services.leave_couple(personas.partner_b)
    services.create_couple(personas.partner_b)


def test_therapist_access_needs_both_partners(person):
    a, b, t = person("a@x.test", "A"), person("b@x.test", "B"), person("t@x.test", "T", role="therapist")
    couple = services.create_couple(a)
    services.join_couple(b, code=services.open_partner_invite(couple).code)
    link = services.invite_therapist(couple, a, "T@x.test")
    assert [p.couple for p in services.pending_links_for_therapist(t)] == [couple]
    services.claim_therapist_link(t, link_id=link.pk)
    assert services.couple_ids_with_therapist_access(t) == set()  # only A agreed (by inviting)
    services.accept_therapist(link, b)
    assert services.couple_ids_with_therapist_access(t) == {couple.pk}
    services.revoke_therapist(link, b)
    assert services.couple_ids_with_therapist_access(t) == set()


def test_therapist_claim_errors(personas, person):
    other_t = person("t2@x.test", "T2", role="therapist")
    with pytest.raises(CoupleError, match="already been used"):
        services.claim_therapist_link(other_t, code=personas.link.code)
    with pytest.raises(CoupleError, match="Only a therapist"):
        services.claim_therapist_link(personas.outsider, code=personas.link.code)
    with pytest.raises(CoupleError, match="could not find"):
        services.claim_therapist_link(other_t, code="NOPE1234")
    fresh = services.invite_therapist(personas.couple, personas.partner_b)
    services.revoke_therapist(fresh, personas.partner_a)
    with pytest.raises(CoupleError, match="withdrew"):
        services.claim_therapist_link(other_t, code=fresh.code)


def test_only_members_manage_therapists(personas):
    with pytest.raises(CoupleError, match="Only a partner"):
        services.invite_therapist(personas.couple, personas.outsider)
    with pytest.raises(CoupleError, match="Only a partner"):
        services.revoke_therapist(personas.link, personas.outsider)
    assert services.link_is_active(personas.link)
