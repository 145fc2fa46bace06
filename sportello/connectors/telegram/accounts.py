"""Finding our bots quickly: by webhook secret on the webhook's hot path, by bot id in the ingest loop."""

from __future__ import annotations

import hmac
import threading
import time

from django.db.models.signals import post_delete, post_save

from sportello.connectors.telegram.models import TelegramBot

_CACHE_SECONDS = 30.0

_lock = threading.Lock()
_secrets: tuple[float, tuple[tuple[str, str], ...]] | None = None  # (when, ((secret, bot_id), ...))
_bots: dict[str, tuple[float, TelegramBot | None]] = {}


def cached_secrets() -> tuple[tuple[str, str], ...] | None:
    """(secret, bot_id) pairs if the cache is fresh, without touching the database (safe on the event loop)."""
    cached = _secrets
    if cached and time.monotonic() - cached[0] < _CACHE_SECONDS:
        return cached[1]
    return None


def secrets() -> tuple[tuple[str, str], ...]:
    global _secrets
    fresh = cached_secrets()
    if fresh is not None:
        return fresh
    with _lock:
        bots = TelegramBot.objects.filter(account__active=True).only("bot_id", "webhook_secret")
        value = tuple(sorted((b.webhook_secret, b.bot_id) for b in bots if b.webhook_secret))
        _secrets = (time.monotonic(), value)
        return value


def bot_id_for_secret(header: str | None, pairs: tuple[tuple[str, str], ...]) -> str | None:
    """The bot whose secret the request carries; every secret is compared (in constant time each)."""
    if not header:
        return None
    found = None
    for secret, bot_id in pairs:
        if hmac.compare_digest(header.encode(), secret.encode()):
            found = bot_id
    return found


def bot_for(bot_id: str) -> TelegramBot | None:
    """The bot an update was addressed to; cached briefly per process, invalidated by edits."""
    now = time.monotonic()
    cached = _bots.get(bot_id)
    if cached and now - cached[0] < _CACHE_SECONDS:
        return cached[1]
    bot = (
        TelegramBot.objects.select_related("account__municipality")
        .filter(account__active=True, bot_id=bot_id)
        .first()
    )
    _bots[bot_id] = (now, bot)
    return bot


def invalidate(**_: object) -> None:
    global _secrets
    _secrets = None
    _bots.clear()


post_save.connect(invalidate, sender=TelegramBot, dispatch_uid="tg_bots_save")
post_delete.connect(invalidate, sender=TelegramBot, dispatch_uid="tg_bots_delete")
