"""POST /webhooks/telegram as a bare ASGI handler: no Django middleware or URL routing on the hot path.

Same contract as the Django view (views.py, which serves WSGI and the test client): see webhook.py.
"""

from __future__ import annotations

import logging
from typing import Any

from sportello.connectors.fastpath import client_of, header, in_thread, posted_to, read_body, respond
from sportello.connectors.telegram import accounts, parser
from sportello.connectors.telegram.webhook import acknowledgement
from sportello.conversations.event_writer import writer

log = logging.getLogger("sportello.webhooks.telegram")
PATH = "/webhooks/telegram"
MAX_BODY = 1024 * 1024  # one Update per request: far below this


async def handle(scope: dict[str, Any], receive: Any, send: Any) -> None:
    body = await read_body(receive, send, MAX_BODY)
    if body is None:
        return
    try:
        pairs = accounts.cached_secrets()
        if pairs is None:
            pairs = await in_thread(accounts.secrets)
    except Exception:  # noqa: BLE001 - the database is unreachable: a non-200 makes Telegram retry later
        log.exception("webhook: could not load the bots' secrets")
        await respond(send, 503, b"temporarily unavailable")
        return
    bot_id = accounts.bot_id_for_secret(header(scope, b"x-telegram-bot-api-secret-token"), pairs)
    if bot_id is None:
        log.warning("telegram webhook rejected: missing or unknown secret token (%d bytes from %s)", len(body),
                    client_of(scope))
        await respond(send, 401, b"invalid secret token")
        return
    try:
        await writer.store("telegram", parser.envelope(bot_id, body))
    except Exception:  # noqa: BLE001 - logged by the writer; Telegram retries a non-200
        await respond(send, 503, b"temporarily unavailable")
        return
    await respond(send, 200, *acknowledgement(body))


def matches(scope: dict[str, Any]) -> bool:
    return posted_to(scope, PATH)
