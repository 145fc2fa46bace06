"""Collecting what a transaction does on commit, to do it once for the whole batch (events.batched, tasks.batched).

Inside `collecting(local, flush)`, `on_commit(local, item, alone)` collects `item` when the transaction commits
(so a savepoint rolled back drops its own items), and once the surrounding transaction commits `flush` receives
them all in one call; outside a batch, `alone()` runs on commit instead. Nested blocks join the outer one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


def on_commit(local: threading.local, item: Any, alone: Callable[[], None]) -> None:
    pending: list[Any] | None = getattr(local, "pending", None)
    if pending is not None:
        transaction.on_commit(lambda: pending.append(item))
    else:
        transaction.on_commit(alone)


@contextmanager
def collecting(local: threading.local, flush: Callable[[list[Any]], None]) -> Iterator[None]:
    if getattr(local, "pending", None) is not None:
        yield  # already inside a batch
        return
    pending: list[Any] = []
    local.pending = pending
    try:
        yield
    finally:
        local.pending = None
    # Registered after every collecting callback, so it runs after them.
    transaction.on_commit(lambda: flush(pending))
