"""The Telegram webhook as a Django view (WSGI, the test client); the ASGI fast path has the same contract."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sportello.connectors.telegram import accounts, parser
from sportello.connectors.telegram.webhook import HEADER, acknowledgement
from sportello.conversations.models import InboundEvent
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.webhooks.telegram")


@csrf_exempt
@require_POST
@scopes_disabled()  # the account named by the request resolves the municipality
def webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    bot_id = accounts.bot_id_for_secret(request.headers.get(HEADER), accounts.secrets())
    if bot_id is None:
        # Logged without the body: it carries the sender's Telegram id and name.
        log.warning(
            "telegram webhook rejected: missing or unknown secret token (%d bytes from %s)",
            len(body), request.META.get("REMOTE_ADDR", "?"),
        )
        return HttpResponse("invalid secret token", status=401, content_type="text/plain")
    InboundEvent.objects.create(channel="telegram", body=parser.envelope(bot_id, body))
    content, content_type = acknowledgement(body)
    return HttpResponse(content, content_type=content_type)
