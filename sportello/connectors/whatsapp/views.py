"""The Cloud API webhook: handshake, signature check, durable store, 200. Parsing happens in workers."""

from __future__ import annotations

import hmac
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sportello.connectors.whatsapp import accounts, signature
from sportello.conversations.models import InboundEvent
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.webhooks.whatsapp")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@scopes_disabled()  # the account named by the request resolves the municipality
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    body = request.body
    verified, why = signature.verify_named(body, request.headers.get("X-Hub-Signature-256"), accounts.secrets())
    if not verified:
        # Logged without the body: it may carry phone numbers, and it is not ours to keep.
        log.warning(
            "webhook rejected: %s (%d bytes from %s)",
            why,
            len(body),
            request.META.get("REMOTE_ADDR", "?"),
        )
        return HttpResponse("invalid signature", status=401, content_type="text/plain")
    # Stored before answering: once Meta has its 200 it will never send this again.
    InboundEvent.objects.create(channel="whatsapp", body=body)
    return HttpResponse("OK", content_type="text/plain")


def _handshake(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("hub.mode", "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    tokens = accounts.secrets().verify_tokens
    if mode == "subscribe" and token and any(hmac.compare_digest(token, t) for t in tokens):
        return HttpResponse(challenge, content_type="text/plain")
    log.warning("webhook handshake refused (mode=%r)", mode)
    return HttpResponse("forbidden", status=403, content_type="text/plain")
