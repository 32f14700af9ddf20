"""Export and deletion of a person's data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from twofold.accounts.models import User
from twofold.couples import services as couples
from twofold.notes.models import Note
from twofold.notes.services import write_note
from twofold.privacy.access import can_view

pytestmark = pytest.mark.django_db


def test_export_json_holds_my_items_decrypted_and_nothing_of_my_partner(personas, client_for):
    write_note(personas.partner_a, title="mine", body="my private words")
    write_note(personas.partner_b, title="theirs", body="partner words", visibility="couple")
    response = client_for(personas.partner_a).get(reverse("accounts:export_json"))
    assert response["Content-Disposition"] == 'attachment; filename="twofold-export.json"'
    data = json.loads(response.content)
    assert data["format"] == "twofold-export" and data["account"]["email"] == "maya@example.test"
    bodies = [row["body"] for row in data["items"]["notes.note"]]
    assert bodies == ["my private words"]
    assert "partner words" not in response.content.decode()
    assert "password" not in json.dumps(data["account"])


def test_export_html_is_readable(personas, client_for):
    write_note(personas.partner_a, title="mine", body="my private words")
    page = client_for(personas.partner_a).get(reverse("accounts:export_html")).content.decode()
    assert "<h1>Your Twofold data</h1>" in page and "my private words" in page


def test_deletion_needs_two_confirmations(personas, client_for, password):
    client = client_for(personas.partner_a)
    url = reverse("accounts:delete")
    wrong_phrase = client.post(url, {"phrase": "yes"})
    assert wrong_phrase.status_code == 400 and "Type exactly" in wrong_phrase.content.decode()
    assert client.post(url, {"phrase": "Delete my account"}).status_code == 302
    wrong_password = client.post(url, {"password": "nope"})
    assert wrong_password.status_code == 400
    assert User.objects.filter(pk=personas.partner_a.pk).exists()
    done = client.post(url, {"password": password})
    assert done.status_code == 200 and "Your account is deleted" in done.content.decode()
    assert not User.objects.filter(pk=personas.partner_a.pk).exists()


def test_deletion_removes_private_items_and_detaches_shared_ones(personas):
    from twofold.privacy.portability import delete_person

    private = write_note(personas.partner_a, title="p", body="private")
    shared = write_note(personas.partner_a, title="s", body="shared", visibility="couple")
    counts = delete_person(personas.partner_a)
    assert counts == {"deleted": 1, "detached": 1}
    assert not Note.objects.filter(pk=private.pk).exists()
    shared.refresh_from_db()
    assert shared.owner is None
    assert can_view(personas.partner_b, shared)
    assert not can_view(personas.therapist, shared)
    assert couples.partners_of(personas.couple) == [personas.partner_b]


def test_dissolving_keeps_each_persons_private_items(personas):
    private_a = write_note(personas.partner_a, title="a", body="a")
    private_b = write_note(personas.partner_b, title="b", body="b")
    couples.leave_couple(personas.partner_a)
    couples.leave_couple(personas.partner_b)
    assert can_view(personas.partner_a, private_a) and can_view(personas.partner_b, private_b)
    assert not can_view(personas.partner_a, private_b)


def test_data_pages_per_persona(personas, client_for):
    for user in personas.all().values():
        client = client_for(user)
        for name in ("accounts:security", "accounts:export_json", "accounts:export_html", "accounts:delete"):
            assert client.get(reverse(name)).status_code == 200
