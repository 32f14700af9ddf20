"""Weekly challenge, reflection journal, streaks and chart for the four personas."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from twofold.challenges import services
from twofold.challenges.models import ChallengeReflection

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)  # Wednesday of 2026-W10
ENTRY = {"what_i_tried": "I led with a hug before talking about the bills.", "how_it_felt": "Calmer than usual.",
         "how_partner_responded": "Softer.", "what_id_do_again": "The hug."}


def write(user, when=NOW, **extra):
    with time_machine.travel(when, tick=False):
        return services.write_reflection(user, **(ENTRY | extra))


def test_reflections_are_private_by_default_shareable_and_revocable(personas, client_for):
    entry = write(personas.partner_a)
    assert entry.week == "2026-W10" and entry.visibility == "private"
    secret = ENTRY["what_i_tried"]
    pages = {name: client_for(user).get(reverse("challenges:index")).content.decode()
             for name, user in personas.all().items()}
    assert secret in pages["partner_a"] and "Your practice" in pages["partner_a"] and "<svg" in pages["partner_a"]
    assert all(secret not in pages[name] for name in ("partner_b", "therapist", "outsider"))

    maya = client_for(personas.partner_a)
    url = reverse("challenges:visibility", args=[entry.pk])
    maya.post(url, {"visibility": "couple"})
    assert secret in client_for(personas.partner_b).get(reverse("challenges:index")).content.decode()
    assert secret not in client_for(personas.therapist).get(reverse("challenges:index")).content.decode()
    maya.post(url, {"visibility": "couple_and_therapist"})
    assert secret in client_for(personas.therapist).get(reverse("challenges:index")).content.decode()
    maya.post(url, {"visibility": "private"})
    assert secret not in client_for(personas.partner_b).get(reverse("challenges:index")).content.decode()
    for name in ("partner_b", "therapist", "outsider"):
        assert client_for(getattr(personas, name)).post(url, {"visibility": "couple"}).status_code == 404
    entry.refresh_from_db()
    assert entry.visibility == "private"


def test_the_form_refuses_an_empty_reflection(personas, client_for):
    response = client_for(personas.partner_a).post(reverse("challenges:index"), {"visibility": "private"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not ChallengeReflection.objects.exists()


def test_streaks_dates_and_the_weekly_challenge(personas):
    maya = personas.partner_a
    for weeks_ago in (0, 1, 2, 4):
        write(maya, NOW - dt.timedelta(weeks=weeks_ago))
    practice = services.practice_for(maya, NOW)
    assert (practice.current, practice.longest) == (3, 3)
    assert len(practice.counts) == 12 and practice.counts[-1].count == 1
    assert services.reflection_dates(maya) == sorted((NOW - dt.timedelta(weeks=w)).date() for w in (0, 1, 2, 4))
    assert services.reflection_dates(personas.partner_b) == []
    with time_machine.travel(NOW, tick=False):
        first = services.challenge_of_the_week(maya)
        assert services.challenge_of_the_week(maya) == first


def test_api_for_the_four_personas(personas, client_for):
    maya = client_for(personas.partner_a)
    week = maya.get("/api/v1/challenges/week").json()
    assert week["title"] and week["current_streak"] == 0
    assert client_for(personas.therapist).get("/api/v1/challenges/week").status_code == 400
    created = maya.post("/api/v1/challenges/reflections", ENTRY, content_type="application/json")
    assert created.status_code == 201 and created.json()["visibility"] == "private"
    rid = created.json()["id"]
    bad = maya.post("/api/v1/challenges/reflections", ENTRY | {"how_it_felt": "x" * 2001},
                    content_type="application/json")
    assert bad.status_code == 422 and ChallengeReflection.objects.count() == 1
    for name in ("partner_b", "therapist", "outsider"):
        assert client_for(getattr(personas, name)).get("/api/v1/challenges/reflections").json() == []
        put = client_for(getattr(personas, name)).put(f"/api/v1/challenges/reflections/{rid}/visibility",
                                                       {"visibility": "couple"}, content_type="application/json")
        assert put.status_code == 404
    shared = maya.put(f"/api/v1/challenges/reflections/{rid}/visibility", {"visibility": "couple"},
                      content_type="application/json")
    assert shared.json()["visibility"] == "couple"
    assert [r["id"] for r in client_for(personas.partner_b).get("/api/v1/challenges/reflections").json()] == [rid]
    assert client_for(personas.therapist).get("/api/v1/challenges/reflections").json() == []
