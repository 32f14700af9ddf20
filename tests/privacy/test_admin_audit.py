"""Administrators' looks at personal data are audited; the log can be exported but not edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.notes.services import write_note
from twofold.privacy.models import AccessRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(person, client_for):
    from twofold.accounts.models import User

    admin = User.objects.create_superuser(email="admin@x.test", password="an-admin-passphrase-1", display_name="Admin")
    return client_for(admin)


def test_admin_views_of_notes_are_recorded(personas, admin_client):
    note = write_note(personas.partner_a, title="t", body="b")
    assert admin_client.get(reverse("admin:notes_note_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:notes_note_change", args=[note.pk])).status_code == 200
    whats = list(AccessRecord.objects.order_by("at").values_list("what", "viewer_role"))
    assert whats == [("admin list of notes", "admin"), (f"admin view of note #{note.pk}", "admin")]
    assert AccessRecord.objects.order_by("at").last().subject == personas.partner_a


def test_admin_exports_the_log_and_cannot_change_it(personas, admin_client):
    admin_client.get(reverse("admin:notes_note_changelist"))
    record = AccessRecord.objects.get()
    response = admin_client.post(
        reverse("admin:privacy_accessrecord_changelist"),
        {"action": "export_as_csv", "_selected_action": [record.pk]},
    )
    assert response["Content-Type"] == "text/csv"
    assert "admin list of notes" in response.content.decode()
    assert admin_client.get(reverse("admin:privacy_accessrecord_delete", args=[record.pk])).status_code == 403
