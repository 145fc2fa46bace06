"""The webhook's contract, shared by the ASGI fast path and the Django view.

Telegram sends each Update with the secret we gave setWebhook in ``X-Telegram-Bot-Api-Secret-Token``: it names
the bot (each bot has its own secret), is checked in constant time against every bot's, and a request without a
known one is refused with 401 and nothing stored. The body is stored encrypted with the bot's id in front
(parser.envelope) and acknowledged with 200 only once committed.

A tap on an inline button leaves a spinner on the citizen's phone until the bot answers the callback query; the
200 itself carries that answer (the Bot API accepts a method call as the webhook's response), so no extra request.
"""

from __future__ import annotations

import json
import re

HEADER = "X-Telegram-Bot-Api-Secret-Token"
_CALLBACK_ID = re.compile(rb'"callback_query"\s*:\s*\{')


def acknowledgement(body: bytes) -> tuple[bytes, str]:
    """The 200's body and content type: an answerCallbackQuery for a button tap, else a plain OK."""
    if _CALLBACK_ID.search(body):
        try:
            query_id = json.loads(body)["callback_query"]["id"]
        except (ValueError, KeyError, TypeError):
            query_id = None
        if isinstance(query_id, str) and query_id:
            answer = {"method": "answerCallbackQuery", "callback_query_id": query_id}
            return json.dumps(answer).encode(), "application/json"
    return b"OK", "text/plain; charset=utf-8"
