"""On SQLite, raw inbound events live in their own database file.

SQLite has one writer per file: webhook inserts would otherwise queue behind the worker's pipeline
transactions and miss Meta's latency standard. PostgreSQL has no such limit, so there everything shares
`default` (the `inbound` alias only exists for SQLite; see settings).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

INBOUND_MODELS = {("conversations", "inboundevent")}


def inbound_alias() -> str:
    return "inbound" if "inbound" in settings.DATABASES else "default"


class InboundRouter:
    def _is_inbound(self, model: Any) -> bool:
        return (model._meta.app_label, model._meta.model_name) in INBOUND_MODELS

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return inbound_alias() if self._is_inbound(model) else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return inbound_alias() if self._is_inbound(model) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if "inbound" not in settings.DATABASES:
            return None
        if db == "inbound":
            return (app_label, model_name) in INBOUND_MODELS
        if model_name is not None and (app_label, model_name) in INBOUND_MODELS:
            return False
        return None
