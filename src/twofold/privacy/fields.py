"""Model fields whose content is encrypted in the database (see :mod:`twofold.privacy.crypto`).

The database holds only ciphertext: such fields cannot be searched or ordered by
content in SQL. Use them for every free-text field with personal content.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from twofold.privacy import crypto


class EncryptedTextField(models.TextField):
    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value))

    def from_db_value(self, value: str | None, expression, connection) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON value (answers, structured notes) stored encrypted."""

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, sort_keys=True, ensure_ascii=False))

    def from_db_value(self, value: str | None, expression, connection) -> Any:
        if value is None:
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value

    def value_to_string(self, obj) -> str:
        return json.dumps(self.value_from_object(obj))


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, (EncryptedTextField, EncryptedJSONField))]
