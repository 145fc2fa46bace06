"""POST /webhooks/whatsapp as a bare ASGI handler: the hot path skips Django's middleware and URL routing.

Same contract as the Django view (views.py), which still serves the GET handshake, WSGI and the test client:
signature on the raw bytes → durable store (group commit) → 200; bad signature → 401; database down → 503,
so Meta retries instead of losing the event.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from sportello.connectors.whatsapp import accounts, signature
from sportello.conversations.event_writer import writer

log = logging.getLogger("sportello.webhooks.whatsapp")
PATH = "/webhooks/whatsapp"
MAX_BODY = 8 * 1024 * 1024  # Meta's batches of 1,000 updates stay far below this


def _load_secrets() -> accounts.Secrets:
    """Runs in a pool thread: release its connection as CONN_MAX_AGE says (at once in tests)."""
    try:
        return accounts.secrets()
    finally:
        close_old_connections()


async def _respond(send: Any, status: int, text: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": text})


async def handle(scope: dict[str, Any], receive: Any, send: Any) -> None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            await _respond(send, 413, b"too large")
            return
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-hub-signature-256"), None)
    try:
        secrets = accounts.cached_secrets() or await sync_to_async(_load_secrets, thread_sensitive=False)()
    except Exception:  # noqa: BLE001 - the database is unreachable: a non-200 makes Meta retry later
        log.exception("webhook: could not load the app secrets")
        await _respond(send, 503, b"temporarily unavailable")
        return
    if not signature.verify(body, header, secrets.app_secrets):
        client = (scope.get("client") or ("?",))[0]
        log.warning("webhook rejected: invalid or missing signature (%d bytes from %s)", len(body), client)
        await _respond(send, 401, b"invalid signature")
        return
    try:
        await writer.store("whatsapp", body)
    except Exception:  # noqa: BLE001 - logged by the writer; Meta will retry a non-200
        await _respond(send, 503, b"temporarily unavailable")
        return
    await _respond(send, 200, b"OK")


def matches(scope: dict[str, Any]) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/") == PATH
