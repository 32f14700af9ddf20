"""The access audit: who looked at whose data, when, and through which route."""

from __future__ import annotations

import csv
import io

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from twofold.accounts.models import User
from twofold.couples.models import Couple
from twofold.couples.services import current_couple
from twofold.privacy.models import AccessRecord


def record_access(
    request: HttpRequest | None,
    viewer: User,
    *,
    what: str,
    couple: Couple | None = None,
    subject: User | None = None,
    route: str = "",
) -> AccessRecord:
    role = "admin" if viewer.is_staff else viewer.role
    return AccessRecord.objects.create(
        viewer=viewer,
        viewer_label=f"{viewer.display_name} <{viewer.email}>",
        viewer_role=role,
        couple=couple,
        subject=subject,
        what=what[:200],
        route=(route or (request.get_full_path() if request else ""))[:300],
    )


def access_to_my_data(person: User) -> QuerySet[AccessRecord]:
    """Records about this person or their current couple, newest first."""
    rule = Q(subject=person)
    couple = current_couple(person)
    if couple is not None:
        rule |= Q(couple=couple)
    return AccessRecord.objects.filter(rule).exclude(viewer=person)


def export_csv(records: QuerySet[AccessRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["at", "viewer", "role", "couple_id", "subject_id", "what", "route"])
    for record in records.order_by("at").iterator():
        writer.writerow(
            [record.at.isoformat(), record.viewer_label, record.viewer_role, record.couple_id or "", record.subject_id or "",
             record.what, record.route]
        )
    return buffer.getvalue()
