"""Real-time notifications to open consoles, sent only after the transaction that caused them commits.

Subscribers in this process receive every event; the console bridges them across processes (console/realtime). Subscribers
receive (municipality_id, kind, data).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import transaction

Subscriber = Callable[[int, str, dict[str, Any]], None]

_subscribers: list[Subscriber] = []
_lock = threading.Lock()


def subscribe(callback: Subscriber) -> Callable[[], None]:
    with _lock:
        _subscribers.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)

    return unsubscribe


def publish(municipality_id: int, kind: str, data: dict[str, Any]) -> None:
    with _lock:
        targets = list(_subscribers)
    for callback in targets:
        callback(municipality_id, kind, data)


def publish_on_commit(municipality_id: int, kind: str, data: dict[str, Any]) -> None:
    transaction.on_commit(lambda: publish(municipality_id, kind, data))
