"""Rows the pipeline writes for nearly every message (a screening, a routing suggestion, an audit entry), inserted
together.

Inside `collecting()` (the batched pipeline wraps each run of messages in it), `create_later` queues the row and
one bulk insert per model writes them all when the block ends; `then` callbacks (e.g. publishing the new row's id)
run after that insert, in order. Outside the block `create_later` saves at once, so a step behaves the same when
a message goes through the pipeline on its own. Only for rows nothing else in the same run reads back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model

_local = threading.local()


def create_later(obj: Model, then: Callable[[Any], None] | None = None) -> None:
    pending: list[tuple[Model, Callable[[Any], None] | None]] | None = getattr(_local, "pending", None)
    if pending is None:
        obj.save(force_insert=True)
        if then is not None:
            then(obj)
        return
    pending.append((obj, then))


@contextmanager
def collecting() -> Iterator[None]:
    if getattr(_local, "pending", None) is not None:
        yield
        return
    pending: list[tuple[Model, Callable[[Any], None] | None]] = []
    _local.pending = pending
    try:
        yield
    finally:
        _local.pending = None
    by_model: dict[type[Model], list[Model]] = {}
    for obj, _then in pending:
        by_model.setdefault(type(obj), []).append(obj)
    for model, objs in by_model.items():
        model._default_manager.bulk_create(objs)
    for obj, then in pending:
        if then is not None:
            then(obj)
