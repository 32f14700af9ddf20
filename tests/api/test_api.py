"""The JSON API skeleton: auth by session or token, clear errors, nothing changed on bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from twofold.accounts.services import issue_api_token
from twofold.couples import services
from twofold.notes.models import Note

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "Twofold API"
    assert "/api/v1/couples/join" in spec["paths"]


def test_anonymous_requests_are_refused(client):
    assert client.get("/api/v1/me").status_code == 401


def test_token_auth(personas):
    token = issue_api_token(personas.partner_b, "script")
    client = Client()
    me = client.get("/api/v1/me", **bearer(token)).json()
    assert me["email"] == "jordan@example.test" and me["role"] == "partner"
    assert client.get("/api/v1/me", **bearer("tf_not-a-real-token")).status_code == 401
    assert client.get("/api/v1/me", **bearer("garbage")).status_code == 401


def test_session_auth_needs_csrf_for_writes(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.partner_a, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post("/api/v1/notes", json.dumps({"title": "t", "body": "b"}), content_type="application/json")
    assert refused.status_code == 403
    assert not Note.objects.exists()


def test_couple_flow_over_the_api(person):
    a, b = person("a@x.test", "A"), person("b@x.test", "B")
    ta, tb = issue_api_token(a, "a"), issue_api_token(b, "b")
    client = Client()
    assert client.get("/api/v1/couples/current", **bearer(ta)).status_code == 404
    created = client.post("/api/v1/couples", {"name": "Us"}, content_type="application/json", **bearer(ta))
    assert created.status_code == 201
    code = created.json()["invite_code"]
    joined = client.post("/api/v1/couples/join", {"code": code}, content_type="application/json", **bearer(tb))
    assert joined.status_code == 200
    assert [p["display_name"] for p in joined.json()["partners"]] == ["A", "B"]
    again = client.post("/api/v1/couples/join", {"code": code}, content_type="application/json", **bearer(tb))
    assert again.status_code == 400 and "already been used" in again.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps({"code": 12345678}),
        json.dumps({"code": "abc"}),
        json.dumps({}),
        json.dumps([1, 2]),
    ],
)
def test_malformed_join_body_is_a_clear_error_and_changes_nothing(person, body):
    b = person("b@x.test", "B")
    response = Client().post("/api/v1/couples/join", body, content_type="application/json", **bearer(issue_api_token(b, "b")))
    assert response.status_code in (400, 422)
    assert response.json()["detail"]
    assert services.current_couple(b) is None


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "", "body": "b"},
        {"title": "t", "body": "   "},
        {"title": "t", "body": "b", "visibility": "everyone"},
        {"title": "t" * 121, "body": "b"},
        {"body": "b"},
    ],
)
def test_malformed_note_is_rejected(personas, payload):
    token = issue_api_token(personas.partner_a, "a")
    response = Client().post("/api/v1/notes", payload, content_type="application/json", **bearer(token))
    assert response.status_code == 422
    assert not Note.objects.exists()


def test_couple_detail_per_persona(personas):
    url = f"/api/v1/couples/{personas.couple.pk}"
    expected = {"partner_a": "partner", "partner_b": "partner", "therapist": "therapist", "outsider": None}
    for persona, user in personas.all().items():
        response = Client().get(url, **bearer(issue_api_token(user, persona)))
        if expected[persona] is None:
            assert response.status_code == 404
        else:
            assert response.json()["relation"] == expected[persona]
    unknown = Client().get("/api/v1/couples/424242", **bearer(issue_api_token(personas.partner_a, "x")))
    assert unknown.status_code == 404


def test_note_update_and_delete_by_owner_only(personas):
    ta, tb = issue_api_token(personas.partner_a, "a"), issue_api_token(personas.partner_b, "b")
    client = Client()
    note = client.post(
        "/api/v1/notes", {"title": "t", "body": "b", "visibility": "couple"}, content_type="application/json", **bearer(ta)
    ).json()
    url = f"/api/v1/notes/{note['id']}"
    change = {"title": "t2", "body": "b2", "visibility": "private"}
    assert client.put(url, change, content_type="application/json", **bearer(tb)).status_code == 404
    assert client.delete(url, **bearer(tb)).status_code == 404
    assert client.put(url, change, content_type="application/json", **bearer(ta)).json()["title"] == "t2"
    assert client.get(url, **bearer(tb)).status_code == 404  # now private
    assert client.delete(url, **bearer(ta)).status_code == 204
