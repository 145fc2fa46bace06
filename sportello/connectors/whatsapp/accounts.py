"""Looking up our WhatsApp numbers (and their decrypted secrets) quickly, on the webhook's hot path."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from sportello.connectors.whatsapp.models import WhatsAppNumber
from sportello.core.scoping import scopes_disabled

_CACHE_SECONDS = 30.0


@dataclass(frozen=True)
class Secrets:
    app_secrets: tuple[str, ...]
    verify_tokens: tuple[str, ...]
    # Each number's app secret (its own, else the configured one) by phone_number_id and by WABA id: a webhook must be
    # signed with the secret of every account it names (see signature.verify_named).
    by_number: Mapping[str, str] = field(default_factory=dict)
    by_waba: Mapping[str, frozenset[str]] = field(default_factory=dict)


_lock = threading.Lock()
_cached: tuple[float, Secrets] | None = None


def cached_secrets() -> Secrets | None:
    """The secrets if the cache is fresh, without touching the database (safe on the event loop)."""
    cached = _cached
    if cached and time.monotonic() - cached[0] < _CACHE_SECONDS:
        return cached[1]
    return None


def secrets() -> Secrets:
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    with _lock:
        with scopes_disabled():  # the webhook belongs to no town until its signature says which
            numbers = list(
                WhatsAppNumber.objects.filter(account__active=True).only(
                    "app_secret", "verify_token", "phone_number_id", "waba_id"
                )
            )
        app = {n.app_secret for n in numbers if n.app_secret}
        verify = {n.verify_token for n in numbers if n.verify_token}
        if settings.WHATSAPP_APP_SECRET:
            app.add(settings.WHATSAPP_APP_SECRET)
        if settings.WHATSAPP_VERIFY_TOKEN:
            verify.add(settings.WHATSAPP_VERIFY_TOKEN)
        by_number = {n.phone_number_id: n.app_secret or settings.WHATSAPP_APP_SECRET for n in numbers}
        by_waba: dict[str, set[str]] = {}
        for n in numbers:
            if n.waba_id:
                by_waba.setdefault(n.waba_id, set()).add(by_number[n.phone_number_id])
        value = Secrets(
            tuple(sorted(app)), tuple(sorted(verify)), by_number, {k: frozenset(v) for k, v in by_waba.items()}
        )
        _cached = (now, value)
        return value


def invalidate(**_: object) -> None:
    global _cached
    _cached = None
    _numbers.clear()


post_save.connect(invalidate, sender=WhatsAppNumber, dispatch_uid="wa_secrets_save")
post_delete.connect(invalidate, sender=WhatsAppNumber, dispatch_uid="wa_secrets_delete")


_numbers: dict[str, tuple[float, WhatsAppNumber | None]] = {}


def number_for(phone_number_id: str) -> WhatsAppNumber | None:
    """The number an event was addressed to; a payload without metadata goes to the only number, if one.

    Cached briefly per process (the ingest loop asks for every event); edits invalidate it at once.
    """
    now = time.monotonic()
    cached = _numbers.get(phone_number_id)
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    qs = WhatsAppNumber.objects.select_related("account__municipality").filter(account__active=True)
    if phone_number_id:
        number = qs.filter(phone_number_id=phone_number_id).first()
    else:
        numbers = list(qs[:2])
        number = numbers[0] if len(numbers) == 1 else None
    _numbers[phone_number_id] = (now, number)
    return number
