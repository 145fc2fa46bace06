"""Delivers webhook updates to Sportello: queued, retried with backoff, in order per citizen, batched.

Updates go to one of ``webhook_concurrency`` lanes chosen by citizen, and each lane POSTs one batch at a
time over its own keep-alive connection, so a citizen's updates arrive in the order they happened, retries
included. When a lane has a backlog, its next POST takes up to ``webhook_batch_max`` consecutive updates of
the same business number as one change (several ``messages``/``statuses``), as Meta does under load; with no
backlog each update travels alone. Only HTTP 200 counts as delivered, like Meta.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from . import webhooks
from .config import SandboxConfig
from .httpclient import HttpConnection
from .webhooks import Update

log = logging.getLogger(__name__)
MAX_RETRY_DELAY = 60.0


class _Lane:
    __slots__ = ("connection", "inflight", "queue", "task", "wakeup")

    def __init__(self) -> None:
        self.queue: deque[Update] = deque()
        self.wakeup = asyncio.Event()
        self.inflight = 0
        self.connection: HttpConnection | None = None
        self.task: asyncio.Task[None] | None = None


class Dispatcher:
    def __init__(self, config: SandboxConfig, generation: Callable[[], int]) -> None:
        self.config = config
        self._generation = generation
        self._lanes: list[_Lane] = []
        self._reset_signal: asyncio.Event | None = None
        self.posts = 0  # successful POSTs
        self.updates_delivered = 0
        self.failed_attempts = 0  # POSTs answered with anything but 200, or not answered
        self.dropped = 0  # updates given up after webhook_max_attempts, or cleared by a reset
        self.undeliverable = 0  # updates with no webhook_url configured
        self.largest_batch = 0

    # -- public ----------------------------------------------------------------------------------------------
    def submit(self, update: Update) -> None:
        if not self._lanes:
            self._start()
        lane = self._lanes[update.lane_key % len(self._lanes)]
        lane.queue.append(update)
        lane.wakeup.set()

    async def deliver(self, update: Update, timeout: float = 30.0) -> int | None:
        """Submit, wait for the first attempt and return the HTTP status Sportello answered (None: none)."""
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        update.future = future
        self.submit(update)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            return None

    def queue_length(self) -> int:
        return sum(len(lane.queue) for lane in self._lanes)

    def inflight(self) -> int:
        return sum(lane.inflight for lane in self._lanes)

    async def drain(self, timeout: float) -> bool:
        """Wait until every queued update has been attempted (tests and benchmarks use it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.queue_length() or self.inflight():
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    async def reset(self) -> None:
        """Drop everything queued, stop pending retries, and let in-flight POSTs finish."""
        for lane in self._lanes:
            while lane.queue:
                _resolve([lane.queue.popleft()], None)
        if self._reset_signal is not None:
            self._reset_signal.set()
            self._reset_signal = asyncio.Event()
        await self.drain(timeout=self.config.webhook_timeout_seconds)
        self.posts = self.updates_delivered = self.failed_attempts = 0
        self.dropped = self.undeliverable = self.largest_batch = 0

    async def close(self) -> None:
        for lane in self._lanes:
            if lane.task is not None:
                lane.task.cancel()
            if lane.connection is not None:
                lane.connection.close()
        self._lanes = []

    def stats(self) -> dict[str, Any]:
        return {
            "webhook_posts": self.posts,
            "webhook_updates_delivered": self.updates_delivered,
            "webhook_failed_attempts": self.failed_attempts,
            "webhook_dropped": self.dropped,
            "webhook_not_sent_no_url": self.undeliverable,
            "webhook_largest_batch": self.largest_batch,
            "webhook_queue_length": self.queue_length(),
            "webhook_inflight": self.inflight(),
        }

    # -- lanes -----------------------------------------------------------------------------------------------
    def _start(self) -> None:
        # Started lazily inside the running loop: when the sandbox is mounted beside Django, nothing forwards
        # it a lifespan event.
        self._reset_signal = asyncio.Event()
        self._lanes = [_Lane() for _ in range(self.config.webhook_concurrency)]
        for lane in self._lanes:
            lane.task = asyncio.get_running_loop().create_task(self._run(lane))

    async def _run(self, lane: _Lane) -> None:
        queue = lane.queue
        while True:
            if not queue:
                lane.wakeup.clear()
                await lane.wakeup.wait()
                continue
            first = queue.popleft()
            batch = [first]
            limit = self.config.webhook_batch_max
            while queue and len(batch) < limit and queue[0].number is first.number:
                batch.append(queue.popleft())
            lane.inflight = len(batch)
            try:
                await self._post_batch(lane, batch)
            except Exception:  # a bug here must not silence the lane for good
                log.exception("webhook lane failed on a batch of %d updates", len(batch))
                _resolve(batch, None)
            finally:
                lane.inflight = 0

    async def _post_batch(self, lane: _Lane, batch: list[Update]) -> None:
        config = self.config
        body = webhooks.encode(webhooks.build_payload(batch[0].number, batch))
        attempt = 0
        while True:
            attempt += 1
            url = config.webhook_url
            if not url:
                _resolve(batch, None)
                self.undeliverable += len(batch)
                return
            status = await self._post(lane, url, body)
            if attempt == 1:
                _resolve(batch, status)
            if status == 200:
                self.posts += 1
                self.updates_delivered += len(batch)
                self.largest_batch = max(self.largest_batch, len(batch))
                return
            self.failed_attempts += 1
            if attempt >= config.webhook_max_attempts or batch[0].generation != self._generation():
                self.dropped += len(batch)
                return
            delay = min(MAX_RETRY_DELAY, config.webhook_retry_base_ms / 1000 * 2 ** (attempt - 1))
            signal = self._reset_signal
            assert signal is not None
            try:
                await asyncio.wait_for(signal.wait(), delay)
                self.dropped += len(batch)  # a reset happened while waiting
                return
            except TimeoutError:
                pass

    async def _post(self, lane: _Lane, url: str, body: bytes) -> int | None:
        if lane.connection is None or lane.connection.url != url:
            if lane.connection is not None:
                lane.connection.close()
            lane.connection = HttpConnection(url)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "facebookexternalua",
            # Signed per attempt, so a secret changed at runtime applies to retries too.
            "X-Hub-Signature-256": webhooks.signature(self.config.app_secret, body),
        }
        try:
            return await lane.connection.post(body, headers, self.config.webhook_timeout_seconds)
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
            lane.connection.close()
            return None


def _resolve(batch: list[Update], status: int | None) -> None:
    for update in batch:
        if update.future is not None and not update.future.done():
            update.future.set_result(status)
