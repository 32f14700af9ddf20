"""Key rotation: add a new key, re-encrypt every encrypted value under it, optionally drop old keys."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction

from twofold.privacy import crypto
from twofold.privacy.fields import encrypted_fields


@dataclass(frozen=True)
class RotationReport:
    rows: int
    models: int
    keys_kept: int


def _encrypted_models():
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if fields:
            yield model, fields


def rotate_keys(*, drop_old: bool = False) -> RotationReport:
    if getattr(settings, "TWOFOLD_ENCRYPTION_KEYS", ()):
        raise crypto.EncryptionKeyError(
            "Keys come from TWOFOLD_ENCRYPTION_KEYS: put a new key first in that variable, restart, "
            "then run `twofold keys rotate` with the keys in a file instead, or re-encrypt after switching to a key file."
        )
    path = Path(settings.TWOFOLD_ENCRYPTION_KEY_FILE)
    old_keys = crypto.configured_keys()
    new_keys = [crypto.new_key(), *old_keys]
    crypto.write_key_file(path, new_keys)
    rows = models = 0
    with transaction.atomic():
        for model, fields in _encrypted_models():
            models += 1
            for item in model._default_manager.all().only("pk", *fields).iterator():
                # Saving the decrypted values encrypts them again under the first (new) key.
                model._default_manager.filter(pk=item.pk).update(**{name: getattr(item, name) for name in fields})
                rows += 1
    if drop_old:
        crypto.write_key_file(path, new_keys[:1])
    return RotationReport(rows=rows, models=models, keys_kept=1 if drop_old else len(new_keys))
