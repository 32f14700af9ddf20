"""A person's right to their data: export everything they own, and delete their account.

Personal data is found generically: every model with a foreign key to the user named
``owner``, ``person``, ``user`` or ``author``. New feature apps are covered without
changes here, as long as they follow that naming.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from twofold.accounts.models import User
from twofold.couples import services as couples
from twofold.couples.models import Membership
from twofold.privacy.audit import access_to_my_data
from twofold.privacy.models import AccessRecord, OwnedItem, Visibility

EXPORT_FORMAT = "twofold-export"
EXPORT_VERSION = 1
PERSON_FIELD_NAMES = ("owner", "person", "user", "author")
# Framework tables and secrets that are not the person's content.
SKIPPED_APPS = {"admin", "sessions", "axes", "otp_totp", "contenttypes", "auth"}
SKIPPED_MODELS = {AccessRecord, Membership}
SECRET_FIELDS = {"digest", "password", "key", "session_epoch", "token", "code"}


def _personal_models() -> Iterator[tuple[type[models.Model], str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or model is user_model or model in SKIPPED_MODELS:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model and field.name in PERSON_FIELD_NAMES:
                yield model, field.name
                break


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _row(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }


def export_person(person: User) -> dict[str, Any]:
    """Everything this person owns, decrypted, as plain JSON-ready data."""
    items: dict[str, list[dict[str, Any]]] = {}
    for model, field_name in _personal_models():
        rows = [_row(obj) for obj in model._default_manager.filter(**{field_name: person}).order_by("pk")]
        if rows:
            items[model._meta.label_lower] = rows
    memberships = Membership.objects.filter(user=person).select_related("couple").order_by("joined_at")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": person.email,
            "display_name": person.display_name,
            "role": person.role,
            "joined": person.date_joined.isoformat(),
        },
        "couples": [
            {"couple_id": m.couple_id, "name": m.couple.name, "joined_at": _plain(m.joined_at), "left_at": _plain(m.left_at)}
            for m in memberships
        ],
        "items": items,
        "access_log": [
            {"at": r.at.isoformat(), "viewer": r.viewer_label, "role": r.viewer_role, "what": r.what}
            for r in access_to_my_data(person)
        ],
    }


@transaction.atomic
def delete_person(person: User) -> dict[str, int]:
    """Delete an account. Private items go; shared items stay with the couple, no longer attributed.

    Returns counts of deleted and detached items, for the confirmation message.
    """
    if couples.active_membership(person) is not None:
        couples.leave_couple(person)
    deleted = detached = 0
    for model, field_name in _personal_models():
        if issubclass(model, OwnedItem):
            mine = model._default_manager.filter(owner=person)
            deleted += mine.filter(visibility=Visibility.PRIVATE).delete()[0]
            detached += mine.exclude(visibility=Visibility.PRIVATE).update(owner=None)
        else:
            deleted += model._default_manager.filter(**{field_name: person}).delete()[0]
    person.delete()
    return {"deleted": deleted, "detached": detached}
