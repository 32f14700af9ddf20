"""The privacy model, through pages and the API, for all four personas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.notes.models import Note
from twofold.notes.services import NoteError, write_note
from twofold.privacy.access import can_view

pytestmark = pytest.mark.django_db

WHO_SEES = {
    "private": {"partner_a"},
    "couple": {"partner_a", "partner_b"},
    "couple_and_therapist": {"partner_a", "partner_b", "therapist"},
}


@pytest.mark.parametrize("visibility", list(WHO_SEES))
def test_who_can_read_a_note_of_partner_a(personas, client_for, visibility):
    note = write_note(personas.partner_a, title=f"t-{visibility}", body="words", visibility=visibility)
    for persona, user in personas.all().items():
        allowed = persona in WHO_SEES[visibility]
        assert can_view(user, note) is allowed, persona
        client = client_for(user)
        page = client.get(reverse("notes:detail", args=[note.pk]))
        assert page.status_code == (200 if allowed else 404), persona
        listed = client.get(reverse("notes:list")).content.decode()
        assert (f"t-{visibility}" in listed) is allowed, persona
        api = client.get(f"/api/v1/notes/{note.pk}")
        assert api.status_code == (200 if allowed else 404), persona
        api_list = [item["id"] for item in client.get("/api/v1/notes").json()]
        assert (note.pk in api_list) is allowed, persona


def test_only_the_owner_edits_or_deletes(personas, client_for):
    note = write_note(personas.partner_a, title="shared", body="x", visibility="couple_and_therapist")
    for persona in ("partner_b", "therapist", "outsider"):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("notes:edit", args=[note.pk])).status_code == 404
        assert client.post(reverse("notes:delete", args=[note.pk])).status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()
    assert client_for(personas.partner_a).post(reverse("notes:delete", args=[note.pk])).status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()


def test_a_partner_who_left_no_longer_sees_couple_items(personas):
    from twofold.couples.services import leave_couple

    note = write_note(personas.partner_a, title="shared", body="x", visibility="couple")
    leave_couple(personas.partner_b)
    assert not can_view(personas.partner_b, note)
    assert can_view(personas.partner_a, note)


def test_sharing_needs_a_couple(person):
    loner = person("l@x.test", "L")
    with pytest.raises(NoteError, match="Join or create a couple"):
        write_note(loner, title="t", body="b", visibility="couple")
    assert write_note(loner, title="t", body="b").visibility == "private"


def test_note_form_errors_keep_what_was_typed(personas, client_for):
    client = client_for(personas.partner_a)
    response = client.post(reverse("notes:new"), {"title": " ", "body": "keep me", "visibility": "nobody"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "visibility"}
    assert "keep me" in response.content.decode()
    assert not Note.objects.exists()
