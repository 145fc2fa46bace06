"""Model fields that encrypt transparently, so no code path can store a secret in clear by mistake."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from sportello.core import crypto


class EncryptedTextField(models.TextField):
    """A string kept as a Fernet token; empty strings stay empty (nothing to hide, and cheaper)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt_str(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_str(str(value))


class EncryptedJSONField(models.TextField):
    """A JSON document kept encrypted; for payloads that may carry personal data (contacts, locations)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return {}
        return json.loads(crypto.decrypt_str(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return crypto.encrypt_str(json.dumps(value, ensure_ascii=False, sort_keys=True))


class EncryptedBinaryField(models.BinaryField):
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if value is None:
            return None
        return crypto.decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is not None:
            value = crypto.encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared)
