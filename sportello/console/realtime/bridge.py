"""The publishing side: core.events subscriber that forwards every event to the cross-process channel."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.utils import timezone

log = logging.getLogger("sportello.console.realtime")

REDIS_CHANNEL = "sportello:events"
PG_CHANNEL = "sportello_console"  # PostgreSQL NOTIFY: wakes the web processes' pollers at once
PRUNE_EVERY = 200
KEEP = timedelta(minutes=10)
# A batch's events for one municipality share one row of this kind, data {"events": [[kind, data], ...]}: a worker's
# batch of 200 messages writes a few rows instead of 600, and the web processes read as few.
MANY = "many"

_installed = False
_redis_client: Any = None
_redis_lock = threading.Lock()


def backend_name() -> str:
    return "redis" if getattr(settings, "SPORTELLO_EVENTS_BACKEND", "memory") == "redis" else "database"


def _redis() -> Any:
    global _redis_client
    with _redis_lock:
        if _redis_client is None:
            import redis

            _redis_client = redis.Redis.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/0")
        return _redis_client


def bridge(municipality_id: int, kind: str, data: dict[str, Any]) -> None:
    """core.events subscriber. A failure here must never break the service that published (the message is
    stored either way; consoles catch up at their next refresh), so errors are logged, not raised."""
    try:
        if backend_name() == "redis":
            _redis().publish(REDIS_CHANNEL, json.dumps({"m": municipality_id, "k": kind, "d": data}))
        else:
            from sportello.console.models import ConsoleEvent
            from sportello.core.bulk import insert_rows

            event = ConsoleEvent.objects.create(municipality_id=municipality_id, kind=kind, data=data)
            if event.pk % PRUNE_EVERY == 0:
                ConsoleEvent.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
            _notify_postgres()
    except (DatabaseError, OSError, ConnectionError) as exc:
        log.warning("real-time event %s for municipality %s not forwarded: %s", kind, municipality_id, exc)
        return
    except Exception as exc:  # noqa: BLE001 - redis errors and the like; see the docstring
        log.warning("real-time event %s for municipality %s not forwarded: %s", kind, municipality_id, exc)
        return
    from sportello.console.realtime import hub

    hub.wake_all()


def bridge_many(batch: Sequence[tuple[int, str, dict[str, Any]]]) -> None:
    """A batch of events (the inbound pipeline's): one insert or one Redis round trip, one wake-up."""
    try:
        if backend_name() == "redis":
            pipe = _redis().pipeline(transaction=False)
            for municipality_id, kind, data in batch:
                pipe.publish(REDIS_CHANNEL, json.dumps({"m": municipality_id, "k": kind, "d": data}))
            pipe.execute()
        else:
            from sportello.console.models import ConsoleEvent
            from sportello.core import build
            from sportello.core.bulk import insert_rows

            rows = insert_rows([build.new(ConsoleEvent, municipality_id=m, kind=k, data=d) for m, k, d in packed(batch)])
            last = max((row.pk or 0 for row in rows), default=0)
            if last // PRUNE_EVERY != (last - len(rows)) // PRUNE_EVERY:  # crossed a multiple: prune as `bridge` does
                ConsoleEvent.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
            _notify_postgres()
    except Exception as exc:  # noqa: BLE001 - see `bridge`
        log.warning("%d real-time events not forwarded: %s", len(batch), exc)
        return
    from sportello.console.realtime import hub

    hub.wake_all()


def packed(batch: Sequence[tuple[int, str, dict[str, Any]]]) -> list[tuple[int, str, dict[str, Any]]]:
    """One row per municipality, in the order of each one's first event; a lone event keeps its own kind."""
    by_municipality: dict[int, list[list[Any]]] = {}
    for municipality_id, kind, data in batch:
        by_municipality.setdefault(municipality_id, []).append([kind, data])
    return [(m, *events[0]) if len(events) == 1 else (m, MANY, {"events": events})
            for m, events in by_municipality.items()]


def unpacked(kind: str, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The events a row holds (see `packed`), in their order."""
    if kind != MANY:
        return [(kind, data)]
    return [(k, d) for k, d in data.get("events", [])]  # freshly decoded from the row: nothing to copy


def events_alias() -> str:
    from sportello.console.models import ConsoleEvent

    return router.db_for_write(ConsoleEvent)


def _notify_postgres() -> None:
    """On PostgreSQL the rows just written are announced, so a web process in another process (or machine) reads
    them now instead of at its next poll (SPORTELLO_EVENTS_POLL_SECONDS). Inside a transaction the notification
    goes out at its commit, with the rows."""
    db = connections[events_alias()]
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            cursor.execute(f"NOTIFY {PG_CHANNEL}")


def install() -> None:
    """Subscribe the bridge once per process (called from ConsoleConfig.ready)."""
    global _installed
    if _installed:
        return
    from sportello.core import events

    events.subscribe(bridge, many=bridge_many)
    _installed = True
