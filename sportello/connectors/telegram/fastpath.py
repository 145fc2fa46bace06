"""POST /webhooks/telegram as a bare ASGI handler: no Django middleware or URL routing on the hot path.

Same contract as the Django view (views.py, which serves WSGI and the test client): see webhook.py.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from sportello.connectors.telegram import accounts, parser
from sportello.connectors.telegram.webhook import acknowledgement
from sportello.conversations.event_writer import writer

log = logging.getLogger("sportello.webhooks.telegram")
PATH = "/webhooks/telegram"
MAX_BODY = 1024 * 1024  # one Update per request: far below this
_HEADER = b"x-telegram-bot-api-secret-token"


def _load_secrets() -> tuple[tuple[str, str], ...]:
    """Runs in a pool thread: release its connection as CONN_MAX_AGE says (at once in tests)."""
    try:
        return accounts.secrets()
    finally:
        close_old_connections()


async def _respond(send: Any, status: int, text: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type.encode())]})
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
    header = next((v.decode("latin-1") for k, v in scope["headers"] if k == _HEADER), None)
    try:
        pairs = accounts.cached_secrets()
        if pairs is None:
            pairs = await sync_to_async(_load_secrets, thread_sensitive=False)()
    except Exception:  # noqa: BLE001 - the database is unreachable: a non-200 makes Telegram retry later
        log.exception("webhook: could not load the bots' secrets")
        await _respond(send, 503, b"temporarily unavailable")
        return
    bot_id = accounts.bot_id_for_secret(header, pairs)
    if bot_id is None:
        client = (scope.get("client") or ("?",))[0]
        log.warning("telegram webhook rejected: missing or unknown secret token (%d bytes from %s)", len(body), client)
        await _respond(send, 401, b"invalid secret token")
        return
    try:
        await writer.store("telegram", parser.envelope(bot_id, body))
    except Exception:  # noqa: BLE001 - logged by the writer; Telegram retries a non-200
        await _respond(send, 503, b"temporarily unavailable")
        return
    await _respond(send, 200, *acknowledgement(body))


def matches(scope: dict[str, Any]) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/") == PATH
