"""Every free-text or structured personal field in our apps is encrypted at rest.

A new TextField or JSONField must either use the encrypted variants or be listed here
with the reason it holds nothing personal.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from twofold.privacy.fields import EncryptedJSONField, EncryptedTextField

NOT_PERSONAL = {
    "coaching.KeptDraft.labels": "label ids only, for the weekly trend",
}


def test_no_plain_text_or_json_fields_in_feature_apps():
    plain = []
    for model in apps.get_models():
        if not model.__module__.startswith("twofold."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (EncryptedTextField, EncryptedJSONField)):
                continue
            if isinstance(field, (models.TextField, models.JSONField)):
                name = f"{model._meta.label}.{field.name}"
                if name not in NOT_PERSONAL:
                    plain.append(name)
    assert not plain, f"unencrypted free-text fields: {plain}"
