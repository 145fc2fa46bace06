"""Channel kind → connector class, imported lazily (healthchecks' TRANSPORTS habit)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.module_loading import import_string

CONNECTORS = {
    "whatsapp": "sportello.connectors.whatsapp.connector.WhatsAppConnector",
}


@lru_cache(maxsize=None)
def get_connector(channel: str) -> Any:
    try:
        path = CONNECTORS[channel]
    except KeyError as exc:
        raise LookupError(f"no connector for channel {channel!r}") from exc
    return import_string(path)()
