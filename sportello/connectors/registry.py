"""Channel kind → connector class, imported lazily (healthchecks' TRANSPORTS habit).

Adding a channel is one line here plus its own package under sportello/connectors/<kind>/ (docs/channels.md).
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.module_loading import import_string

from sportello.connectors.base import Connector

CONNECTORS = {
    "whatsapp": "sportello.connectors.whatsapp.connector.WhatsAppConnector",
    "telegram": "sportello.connectors.telegram.connector.TelegramConnector",
    "webform": "sportello.connectors.webform.connector.WebformConnector",
    "email": "sportello.connectors.email.connector.EmailConnector",
    "phone": "sportello.connectors.desk.connector.PhoneConnector",
    "desk": "sportello.connectors.desk.connector.DeskVisitConnector",
}


@lru_cache(maxsize=None)
def get_connector(channel: str) -> Connector:
    try:
        path = CONNECTORS[channel]
    except KeyError as exc:
        raise LookupError(f"no connector for channel {channel!r}") from exc
    return import_string(path)()


def all_connectors() -> list[Connector]:
    return [get_connector(kind) for kind in CONNECTORS]
