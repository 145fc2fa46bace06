"""Real-time notifications to open consoles, sent only after the transaction that caused them commits.

Subscribers in this process receive every event; the console bridges them across processes (console/realtime). Subscribers
receive (municipality_id, kind, data); one may also take a whole batch at once (`subscribe(..., many=…)`).

`batched()`: the inbound pipeline processes many messages in one transaction; inside the block, events are
published together, once, when it commits (a savepoint rolled back still drops its own events).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sportello.core import commit_batch

Subscriber = Callable[[int, str, dict[str, Any]], None]
Event = tuple[int, str, dict[str, Any]]
BatchSubscriber = Callable[[Sequence[Event]], None]

_subscribers: list[Subscriber] = []
_many: dict[Subscriber, BatchSubscriber] = {}
_lock = threading.Lock()
_local = threading.local()


def subscribe(callback: Subscriber, *, many: BatchSubscriber | None = None) -> Callable[[], None]:
    """`many`, if given, receives a batch's events in one call instead of `callback` once per event."""
    with _lock:
        _subscribers.append(callback)
        if many is not None:
            _many[callback] = many

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)
            _many.pop(callback, None)

    return unsubscribe


def publish(municipality_id: int, kind: str, data: dict[str, Any]) -> None:
    with _lock:
        targets = list(_subscribers)
    for callback in targets:
        callback(municipality_id, kind, data)


def publish_many(batch: Sequence[Event]) -> None:
    if not batch:
        return
    with _lock:
        targets = [(callback, _many.get(callback)) for callback in _subscribers]
    for callback, many in targets:
        if many is not None:
            many(batch)
        else:
            for municipality_id, kind, data in batch:
                callback(municipality_id, kind, data)


def publish_on_commit(municipality_id: int, kind: str, data: dict[str, Any]) -> None:
    # In a batch: collected at commit (so a rolled-back savepoint drops it), sent with the rest of the batch.
    commit_batch.on_commit(_local, (municipality_id, kind, data), lambda: publish(municipality_id, kind, data))


def batched() -> AbstractContextManager[None]:
    """Events published on commit inside the block go out together once the surrounding transaction commits."""
    return commit_batch.collecting(_local, publish_many)
