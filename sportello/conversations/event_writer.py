"""Group commit for inbound webhook bodies.

Requests hand their body to one writer thread and wait; the writer inserts whatever has queued up in a single
transaction and then releases every waiting request. Each request still gets its 200 only after its own row
is committed (durable before acknowledged), but a burst of N webhooks costs one transaction, not N.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from dataclasses import dataclass

from django.db import close_old_connections, transaction

from sportello.conversations.models import InboundEvent
from sportello.conversations.routers import inbound_alias

log = logging.getLogger("sportello.ingest.writer")
MAX_BATCH = 500


@dataclass
class _Item:
    channel: str
    body: bytes
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future


class EventWriter:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._run, name="event-writer", daemon=True)
                    self._thread.start()

    async def store(self, channel: str, body: bytes) -> None:
        """Returns once the body is committed; raises if the database refused it."""
        self._ensure_thread()
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        self._queue.put(_Item(channel, body, loop, future))
        await future

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            error: BaseException | None = None
            try:
                close_old_connections()
                with transaction.atomic(using=inbound_alias()):
                    InboundEvent.objects.bulk_create([InboundEvent(channel=i.channel, body=i.body) for i in batch])
            except Exception as exc:  # noqa: BLE001 - reported to every waiting request, which answers 503
                log.exception("storing %d inbound events failed", len(batch))
                error = exc
            for item in batch:
                item.loop.call_soon_threadsafe(_settle, item.future, error)
            close_old_connections()  # honours CONN_MAX_AGE (0 in tests: nothing lingers on the test database)


def _settle(future: asyncio.Future, error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


writer = EventWriter()
