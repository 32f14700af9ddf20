"""Partner B, the therapist and an outsider never see partner A's private results or safety answers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from twofold.assessments import services
from twofold.instruments import get_instrument

from .helpers import ANXIOUS, LEANING_OUT, SAFETY_POSITIVE

pytestmark = pytest.mark.django_db

WHO_SEES = {
    "private": {"partner_a"},
    "couple": {"partner_a", "partner_b"},
    "couple_and_therapist": {"partner_a", "partner_b", "therapist"},
}


@pytest.mark.parametrize("visibility", list(WHO_SEES))
def test_who_can_read_an_attachment_result_of_partner_a(personas, client_for, visibility):
    stored = services.submit_answers(personas.partner_a, get_instrument("attachment-check"), ANXIOUS)
    services.change_sharing(personas.partner_a, stored.pk, visibility)
    for persona, user in personas.all().items():
        allowed = persona in WHO_SEES[visibility]
        client = client_for(user)
        page = client.get(reverse("assessments:result", args=[stored.pk]))
        assert page.status_code == (200 if allowed else 404), persona
        assert (client.get(f"/api/v1/assessments/results/{stored.pk}").status_code == 200) is allowed, persona
        listed = [r["id"] for r in client.get("/api/v1/assessments/results").json()]
        assert (stored.pk in listed) is allowed, persona
        if not user.is_therapist:
            index = client.get(reverse("assessments:index")).content.decode()
            assert (reverse("assessments:result", args=[stored.pk]) in index) is allowed, persona


def test_only_the_owner_changes_sharing(personas, client_for):
    stored = services.submit_answers(personas.partner_a, get_instrument("attachment-check"), ANXIOUS)
    services.change_sharing(personas.partner_a, stored.pk, "couple_and_therapist")
    for persona in ("partner_b", "therapist", "outsider"):
        client = client_for(getattr(personas, persona))
        assert client.post(reverse("assessments:share", args=[stored.pk]), {"visibility": "private"}).status_code == 404
        api = client.put(
            f"/api/v1/assessments/results/{stored.pk}/sharing", {"visibility": "private"}, content_type="application/json"
        )
        assert api.status_code == 404, persona
    stored.refresh_from_db()
    assert stored.visibility == "couple_and_therapist"


def test_sittings_belong_to_their_person(personas, client_for):
    sitting = services.start_or_resume(personas.partner_a, get_instrument("attachment-check"))
    services.save_page(personas.partner_a, sitting.pk, "apart", {k: v for k, v in ANXIOUS.items() if int(k) <= 7})
    for persona in ("partner_b", "therapist", "outsider"):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("assessments:page", args=[sitting.pk, 1])).status_code == 404
        assert client.post(reverse("assessments:page", args=[sitting.pk, 2]), {"item_8": "3"}).status_code == 404
        assert client.get(f"/api/v1/assessments/sittings/{sitting.pk}").status_code == 404
        assert client.post(f"/api/v1/assessments/sittings/{sitting.pk}/submit").status_code == 404


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _partner_b_view(client, personas) -> dict[str, str]:
    pages = {
        "index": reverse("assessments:index"),
        "relief": reverse("assessments:relief"),
        "couple home": reverse("couples:home", args=[personas.couple.pk]),
    }
    seen = {name: _without_tokens(client.get(url).content.decode()) for name, url in pages.items()}
    seen["api results"] = client.get("/api/v1/assessments/results").content.decode()
    return seen


def test_partner_b_sees_no_trace_of_a_positive_safety_screen(personas, client_for):
    jordan = client_for(personas.partner_b)
    before = _partner_b_view(jordan, personas)
    maya = client_for(personas.partner_a)
    sitting = services.start_or_resume(personas.partner_a, get_instrument("safety-screen"))
    maya.post(reverse("assessments:page", args=[sitting.pk, 1]), {f"item_{n}": SAFETY_POSITIVE[str(n)] for n in range(1, 8)})
    done = maya.post(reverse("assessments:page", args=[sitting.pk, 2]), {f"item_{n}": "0" for n in range(8, 12)})
    assert done.url == reverse("assessments:safety")
    stored = sitting.__class__.objects.get(pk=sitting.pk).result
    assert _partner_b_view(jordan, personas) == before
    for persona in ("partner_b", "therapist", "outsider"):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("assessments:result", args=[stored.pk])).status_code == 404
        assert client.get(f"/api/v1/assessments/results/{stored.pk}").status_code == 404
        assert client.get(f"/api/v1/assessments/sittings/{sitting.pk}").status_code == 404


def test_the_therapist_sees_the_flag_and_nothing_else(personas, client_for):
    services.submit_answers(personas.partner_a, get_instrument("safety-screen"), SAFETY_POSITIVE)
    overview = reverse("assessments:couple", args=[personas.couple.pk])
    page = client_for(personas.therapist).get(overview).content.decode()
    assert "Conjoint work not advised" in page
    assert "Maya" in page  # her name as a partner, but not tied to the flag
    assert "Feeling safe" not in page and "afraid" not in page
    assert client_for(personas.therapist).get("/api/v1/assessments/results").json() == []
    for persona in ("partner_a", "partner_b", "outsider"):
        assert client_for(getattr(personas, persona)).get(overview).status_code == 404, persona


def test_the_therapist_sees_stances_side_by_side_only_when_shared(personas, client_for):
    overview = reverse("assessments:couple", args=[personas.couple.pk])
    stored = services.submit_answers(personas.partner_b, get_instrument("commitment-stance"), LEANING_OUT)
    page = client_for(personas.therapist).get(overview).content.decode()
    assert "Leaning out" not in page and "<td>not shared</td><td>not shared</td>" in page
    services.change_sharing(personas.partner_b, stored.pk, "couple")  # with the partner only
    assert "Leaning out" not in client_for(personas.therapist).get(overview).content.decode()
    services.change_sharing(personas.partner_b, stored.pk, "couple_and_therapist")
    page = client_for(personas.therapist).get(overview).content.decode()
    assert re.search(r"<td>not shared</td><td>Leaning out</td>", page)
