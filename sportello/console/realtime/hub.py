"""The receiving side: one hub per event loop (per web process), fanning events out to connected streams.

The hub runs only while somebody listens, so an idle process holds no database connection and no Redis socket.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections

from sportello.console.realtime.bridge import PG_CHANNEL, REDIS_CHANNEL, backend_name, events_alias, unpacked

log = logging.getLogger("sportello.console.realtime")

QUEUE_LIMIT = 1000


@dataclass(frozen=True)
class Event:
    id: int  # ConsoleEvent id with the database channel (shared by the events of one row), 0 with Redis
    municipality_id: int
    kind: str
    data: dict[str, Any]


@dataclass(eq=False)
class Listener:
    municipality_ids: frozenset[int]
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def offer(self, event: Event) -> None:
        if event.municipality_id in self.municipality_ids:
            try:
                self.queue.put_nowait(event)
            except asyncio.QueueFull:
                pass  # a stalled browser; it refreshes everything when it reconnects


ROWS_PER_FETCH = 500


def _fetch_after(last_id: int, limit: int = ROWS_PER_FETCH) -> tuple[int, list[Event]]:
    """How many rows were read (at most `limit`, the first after `last_id`), and their events in order."""
    from sportello.console.models import ConsoleEvent

    try:
        rows = list(ConsoleEvent.objects.filter(pk__gt=last_id).order_by("pk")
                    .values_list("pk", "municipality_id", "kind", "data")[:limit])
        events = [Event(pk, m, kind, data) for pk, m, k, d in rows for kind, data in unpacked(k, d)]
        return len(rows), events
    finally:
        close_old_connections()  # honours CONN_MAX_AGE: kept in production, closed at once where it is 0


def _latest_id() -> int:
    from sportello.console.models import ConsoleEvent

    try:
        return ConsoleEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    finally:
        close_old_connections()


def _postgres_params() -> dict[str, Any] | None:
    """Connection parameters for a LISTEN connection to the events' database, or None if it is not PostgreSQL."""
    db = connections[events_alias()]
    if db.vendor != "postgresql":
        return None
    django_only = {"cursor_factory", "context", "prepare_threshold", "server_side_binding", "isolation_level",
                   "assume_role", "pool"}
    return {k: v for k, v in db.get_connection_params().items() if k not in django_only}


def _close_db() -> None:
    connection.close()


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.listeners: set[Listener] = set()
        self.wakeup = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.last_id = 0
        # One thread, so the poller keeps a single database connection instead of one per pool thread.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-events")

    async def db(self, fn: Any, *args: Any) -> Any:
        return await self.loop.run_in_executor(self.executor, fn, *args)

    async def subscribe(self, municipality_ids: frozenset[int], last_event_id: int | None) -> Listener:
        listener = Listener(municipality_ids)
        if backend_name() == "database":
            if self.task is None or self.task.done():
                self.last_id = await self.db(_latest_id)
            if last_event_id is not None and last_event_id < self.last_id:
                _read, missed = await self.db(_fetch_after, last_event_id)
                for event in missed:
                    if event.id <= self.last_id:
                        listener.offer(event)
        self.listeners.add(listener)
        if self.task is None or self.task.done():
            runner = self._poll_database if backend_name() == "database" else self._listen_redis
            self.task = self.loop.create_task(runner())
        return listener

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.discard(listener)

    def _still_needed(self) -> bool:
        """For the runner's loop: False once nobody listens. The hub then forgets the runner at once, before the
        runner's cleanup (closing its connection) yields to the loop: a stream that subscribes meanwhile (an operator
        moving to another page, theirs the process's only stream) starts a new runner instead of joining this one
        as it ends, which would leave it without events."""
        if self.listeners:
            return True
        self.task = None
        return False

    def dispatch(self, event: Event) -> None:
        for listener in list(self.listeners):
            listener.offer(event)

    async def _poll_database(self) -> None:
        interval = settings.SPORTELLO_EVENTS_POLL_SECONDS
        listening = self.loop.create_task(self._listen_postgres()) if _postgres_params() else None
        try:
            while self._still_needed():
                try:
                    read, events = await self.db(_fetch_after, self.last_id)
                except Exception as exc:  # noqa: BLE001 - database restarting: keep the streams, try again
                    log.warning("console events poll failed: %s", exc)
                    await self.db(close_old_connections)
                    read, events = 0, []
                for event in events:
                    self.last_id = max(self.last_id, event.id)
                    self.dispatch(event)
                if read >= ROWS_PER_FETCH:
                    continue
                self.wakeup.clear()
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=interval)
                except TimeoutError:
                    pass
        finally:
            if listening is not None:
                listening.cancel()
            await self.db(_close_db)

    async def _listen_postgres(self) -> None:
        """LISTEN for the bridge's NOTIFY: any process's new rows wake the poller at once; polling stays as the
        safety net (a lost connection, a notification sent while reconnecting)."""
        import psycopg

        params = _postgres_params() or {}
        while self.listeners:
            try:
                async with await psycopg.AsyncConnection.connect(autocommit=True, **params) as conn:
                    await conn.execute(f"LISTEN {PG_CHANNEL}")
                    self.wakeup.set()  # rows written before LISTEN took effect
                    async for _notify in conn.notifies():
                        self.wakeup.set()
            except (psycopg.Error, OSError) as exc:
                log.warning("console events LISTEN failed, polling only for now: %s", exc)
                await asyncio.sleep(1)

    async def _listen_redis(self) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/0")
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(REDIS_CHANNEL)
            while self._still_needed():
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is None:
                    continue
                try:
                    raw = json.loads(message["data"])
                    self.dispatch(Event(0, int(raw["m"]), str(raw["k"]), dict(raw["d"])))
                except (ValueError, KeyError, TypeError):
                    log.warning("malformed real-time event on %s", REDIS_CHANNEL)
        finally:
            await pubsub.aclose()
            await client.aclose()


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_hubs_lock = threading.Lock()


def get_hub() -> Hub:
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        for stale in [lp for lp in _hubs if lp.is_closed()]:
            del _hubs[stale]
        hub = _hubs.get(loop)
        if hub is None:
            hub = _hubs[loop] = Hub(loop)
        return hub


def wake_all() -> None:
    """Called by the bridge after writing an event: pollers in this process read it now rather than later."""
    with _hubs_lock:
        hubs = list(_hubs.values())
    for hub in hubs:
        if not hub.loop.is_closed():
            try:
                hub.loop.call_soon_threadsafe(hub.wakeup.set)
            except RuntimeError:
                pass
