"""POST /webhooks/whatsapp as a bare ASGI handler: the hot path skips Django's middleware and URL routing.

Same contract as the Django view (views.py), which still serves the GET handshake, WSGI and the test client:
signature on the raw bytes → durable store (group commit) → 200; bad signature → 401; database down → 503,
so Meta retries instead of losing the event.
"""

from __future__ import annotations

import logging
from typing import Any

from sportello.connectors.fastpath import client_of, header, in_thread, posted_to, read_body, respond
from sportello.connectors.whatsapp import accounts, signature
from sportello.conversations.event_writer import writer

log = logging.getLogger("sportello.webhooks.whatsapp")
PATH = "/webhooks/whatsapp"
MAX_BODY = 8 * 1024 * 1024  # Meta's batches of 1,000 updates stay far below this


async def handle(scope: dict[str, Any], receive: Any, send: Any) -> None:
    body = await read_body(receive, send, MAX_BODY)
    if body is None:
        return
    try:
        secrets = accounts.cached_secrets() or await in_thread(accounts.secrets)
    except Exception:  # noqa: BLE001 - the database is unreachable: a non-200 makes Meta retry later
        log.exception("webhook: could not load the app secrets")
        await respond(send, 503, b"temporarily unavailable")
        return
    verified, why = signature.verify_named(body, header(scope, b"x-hub-signature-256"), secrets)
    if not verified:
        log.warning("webhook rejected: %s (%d bytes from %s)", why, len(body), client_of(scope))
        await respond(send, 401, b"invalid signature")
        return
    try:
        await writer.store("whatsapp", body)
    except Exception:  # noqa: BLE001 - logged by the writer; Meta will retry a non-200
        await respond(send, 503, b"temporarily unavailable")
        return
    await respond(send, 200, b"OK")


def matches(scope: dict[str, Any]) -> bool:
    return posted_to(scope, PATH)
