"""Rows the pipeline writes for nearly every message (a screening, a routing suggestion, an audit entry), inserted
together.

Inside `collecting()` (the batched pipeline wraps each run of messages in it), `create_later` queues the row and
one bulk insert per model writes them all when the block ends; `then` callbacks (e.g. publishing the new row's id)
run after that insert, in order. Outside the block `create_later` saves at once, so a step behaves the same when
a message goes through the pipeline on its own. Only for rows nothing else in the same run reads back.
`update_later` does the same for fields of rows already stored (the marks a step leaves on the new message).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model

from sportello.core.bulk import bulk_update_values

_local = threading.local()


def create_later(obj: Model, then: Callable[[Any], None] | None = None) -> None:
    pending: list[tuple[Model, Callable[[Any], None] | None]] | None = getattr(_local, "pending", None)
    if pending is None:
        obj.save(force_insert=True)
        if then is not None:
            then(obj)
        return
    pending.append((obj, then))


def update_later(obj: Model, fields: tuple[str, ...]) -> None:
    """Write `fields` of a stored row from the object when the block ends (its values then, not now); at once
    outside it. Only for fields nothing else writes in between with a query of its own."""
    updates: dict[tuple[type[Model], tuple[str, ...]], dict[int, Model]] | None = getattr(_local, "updates", None)
    if updates is None:
        obj.save(update_fields=list(fields))
        return
    updates.setdefault((type(obj), tuple(fields)), {})[id(obj)] = obj


def active() -> bool:
    """Inside `collecting()`: the caller's transaction is the batch's, which is retried message by message."""
    return getattr(_local, "pending", None) is not None


@contextmanager
def collecting() -> Iterator[None]:
    if active():
        yield
        return
    pending: list[tuple[Model, Callable[[Any], None] | None]] = []
    updates: dict[tuple[type[Model], tuple[str, ...]], dict[int, Model]] = {}
    _local.pending, _local.updates = pending, updates
    try:
        yield
    finally:
        _local.pending = _local.updates = None
    by_model: dict[type[Model], list[Model]] = {}
    for obj, _then in pending:
        by_model.setdefault(type(obj), []).append(obj)
    for model, objs in by_model.items():
        model._default_manager.bulk_create(objs)
    for (_model, fields), objs in updates.items():
        bulk_update_values(list(objs.values()), fields)
    for obj, then in pending:
        if then is not None:
            then(obj)
