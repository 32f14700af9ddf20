"""Every couple page for the four personas; bad input on the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.couples import services

pytestmark = pytest.mark.django_db

# (url name, needs couple id, method, status per persona)
COUPLE_PAGES = [
    ("couples:home", "get", {"partner_a": 200, "partner_b": 200, "therapist": 200, "outsider": 404}),
    ("couples:leave", "get", {"partner_a": 200, "partner_b": 200, "therapist": 404, "outsider": 404}),
    ("couples:new_invite", "post", {"partner_a": 302, "partner_b": 302, "therapist": 404, "outsider": 404}),
    ("couples:invite_therapist", "post", {"partner_a": 302, "partner_b": 302, "therapist": 404, "outsider": 404}),
]


@pytest.mark.parametrize(("name", "method", "expected"), COUPLE_PAGES)
def test_couple_pages_per_persona(personas, client_for, name, method, expected):
    url = reverse(name, args=[personas.couple.pk])
    for persona, user in personas.all().items():
        response = getattr(client_for(user), method)(url)
        assert response.status_code == expected[persona], (name, persona)


@pytest.mark.parametrize("name", ["couples:accept_therapist", "couples:revoke_therapist"])
def test_therapist_consent_actions_per_persona(personas, client_for, name):
    url = reverse(name, args=[personas.couple.pk, personas.link.pk])
    assert client_for(personas.outsider).post(url).status_code == 404
    assert client_for(personas.therapist).post(url).status_code == 404
    assert services.link_is_active(personas.link)
    assert client_for(personas.partner_b).post(url).status_code == 302


def test_revoke_by_either_partner_ends_access(personas, client_for):
    client_for(personas.partner_b).post(reverse("couples:revoke_therapist", args=[personas.couple.pk, personas.link.pk]))
    assert client_for(personas.therapist).get(reverse("couples:home", args=[personas.couple.pk])).status_code == 404


def test_unknown_couple_and_link_ids_are_404(personas, client_for):
    client = client_for(personas.partner_a)
    assert client.get(reverse("couples:home", args=[999_999])).status_code == 404
    assert client.post(reverse("couples:accept_therapist", args=[personas.couple.pk, 999_999])).status_code == 404


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(reverse("couples:home", args=[personas.couple.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_home_shows_partners_and_code_until_the_partner_joins(person, client_for):
    a = person("a@x.test", "Ada")
    client = client_for(a)
    response = client.post(reverse("couples:start"), {"action": "create", "name": "Us"}, follow=True)
    code = services.open_partner_invite(services.current_couple(a)).code
    page = response.content.decode()
    assert "Ada" in page and code in page and 'id="invite-link"' in page


def test_start_join_with_bad_codes_shows_errors_and_changes_nothing(person, client_for):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    couple = services.create_couple(a)
    client = client_for(b)
    short = client.post(reverse("couples:start"), {"action": "join", "code": "abc"})
    assert short.status_code == 400 and "8 letters and digits" in short.content.decode()
    unknown = client.post(reverse("couples:start"), {"action": "join", "code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 400 and "could not find" in unknown.content.decode()
    assert services.current_couple(b) is None
    ok = client.post(reverse("couples:start"), {"action": "join", "code": services.open_partner_invite(couple).code})
    assert ok.status_code == 302


def test_reused_link_gives_a_clear_message(person, client_for):
    a, b, c = person("a@x.test", "A"), person("b@x.test", "B"), person("c@x.test", "C")
    couple = services.create_couple(a)
    token = services.open_partner_invite(couple).token
    url = reverse("couples:join_link", args=[token])
    assert client_for(b).post(url).status_code == 302
    response = client_for(c).post(url)
    assert response.status_code == 400 and "already been used" in response.content.decode()
    assert services.current_couple(c) is None


def test_leave_by_post(personas, client_for):
    client = client_for(personas.partner_b)
    assert client.post(reverse("couples:leave", args=[personas.couple.pk])).status_code == 302
    assert services.current_couple(personas.partner_b) is None
    assert client.get(reverse("couples:home", args=[personas.couple.pk])).status_code == 404


def test_invite_therapist_with_a_bad_email_changes_nothing(personas, client_for):
    before = personas.couple.therapist_links.count()
    response = client_for(personas.partner_a).post(
        reverse("couples:invite_therapist", args=[personas.couple.pk]), {"email": "nope"}, follow=True
    )
    assert "valid email" in response.content.decode()
    assert personas.couple.therapist_links.count() == before


def test_therapist_dashboard(personas, client_for, person):
    page = client_for(personas.therapist).get(reverse("couples:therapist_dashboard"))
    assert page.status_code == 200 and "Maya" in page.content.decode()
    assert client_for(personas.partner_a).get(reverse("couples:therapist_dashboard")).status_code == 404
    other = person("t2@x.test", "T2", role="therapist")
    bad = client_for(other).post(reverse("couples:therapist_dashboard"), {"code": "ZZZZZZZZ"})
    assert bad.status_code == 400 and "could not find" in bad.content.decode()
    forged = client_for(other).post(reverse("couples:therapist_dashboard"), {"link_id": str(personas.link.pk)})
    assert forged.status_code == 400


def test_web_home_routes_each_role(personas, client_for, person):
    assert client_for(personas.partner_a).get(reverse("web:home"))["Location"] == reverse("couples:home", args=[personas.couple.pk])
    assert client_for(personas.therapist).get(reverse("web:home"))["Location"] == reverse("couples:therapist_dashboard")
    loner = person("l@x.test", "L")
    assert client_for(loner).get(reverse("web:home"))["Location"] == reverse("couples:start")
