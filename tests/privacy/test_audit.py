"""The access audit: therapist looks are recorded, append-only, visible to the people concerned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.notes.services import write_note
from twofold.privacy.audit import access_to_my_data, export_csv
from twofold.privacy.models import AccessRecord

pytestmark = pytest.mark.django_db


def test_therapist_views_are_recorded_with_route(personas, client_for):
    note = write_note(personas.partner_a, title="t", body="b", visibility="couple_and_therapist")
    therapist = client_for(personas.therapist)
    therapist.get(reverse("couples:home", args=[personas.couple.pk]))
    therapist.get(reverse("notes:detail", args=[note.pk]))
    therapist.get(f"/api/v1/couples/{personas.couple.pk}")
    records = list(AccessRecord.objects.order_by("at"))
    assert [r.what for r in records] == ["couple home", f"note #{note.pk}", "couple overview (API)"]
    assert all(r.viewer == personas.therapist and r.viewer_role == "therapist" for r in records)
    assert records[0].route == reverse("couples:home", args=[personas.couple.pk])
    assert records[1].subject == personas.partner_a


def test_partners_own_views_are_not_recorded(personas, client_for):
    client_for(personas.partner_a).get(reverse("couples:home", args=[personas.couple.pk]))
    assert not AccessRecord.objects.exists()


def test_both_partners_see_who_accessed_their_couple(personas, client_for):
    client_for(personas.therapist).get(reverse("couples:home", args=[personas.couple.pk]))
    for partner in (personas.partner_a, personas.partner_b):
        assert access_to_my_data(partner).count() == 1
        page = client_for(partner).get(reverse("accounts:security")).content.decode()
        assert "Dr Rivera" in page and "couple home" in page
    assert access_to_my_data(personas.outsider).count() == 0


def test_records_are_append_only(personas, client_for):
    client_for(personas.therapist).get(reverse("couples:home", args=[personas.couple.pk]))
    record = AccessRecord.objects.get()
    record.what = "nothing"
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    with pytest.raises(ValueError, match="append-only"):
        record.delete()


def test_admin_can_export_the_log(personas, client_for):
    client_for(personas.therapist).get(reverse("couples:home", args=[personas.couple.pk]))
    csv_text = export_csv(AccessRecord.objects.all())
    header, row = csv_text.strip().splitlines()
    assert header.startswith("at,viewer,role")
    assert "rivera@example.test" in row and "couple home" in row
