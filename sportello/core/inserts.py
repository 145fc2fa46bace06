"""Rows the pipeline writes for nearly every message (a screening, a routing suggestion, an audit entry), inserted
together.

Inside `collecting()` (the batched pipeline wraps each run of messages in it), `create_later` queues the row and
one bulk insert per model writes them all when the block ends; `then` callbacks (e.g. publishing the new row's id)
run after that insert, in order. Outside the block `create_later` saves at once, so a step behaves the same when
a message goes through the pipeline on its own. Only for rows nothing else in the same run reads back.
`update_later` does the same for fields of rows already stored (the marks a step leaves on the new message).
A row may point to another row of the same run (a reply's audit entry, its auto-reply record): each model's insert
waits until the rows it points to have their keys.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.db.models import Model

from sportello.core.bulk import bulk_update_values, insert_rows

_local = threading.local()


class _Pending(NamedTuple):
    obj: Model
    then: Callable[[Any], None] | None
    after: Model | None
    fill: Callable[[Any], None] | None


def create_later(
    obj: Model,
    then: Callable[[Any], None] | None = None,
    *,
    after: Model | None = None,
    fill: Callable[[Any], None] | None = None,
) -> None:
    """Insert `obj` with the run's other rows. `after`: a row of the same run that must have its key first (rows
    it points to by foreign key are waited for anyway); `fill` runs just before the insert (e.g. to copy that key)."""
    pending: list[_Pending] | None = getattr(_local, "pending", None)
    if pending is None:
        if fill is not None:
            fill(obj)
        obj.save(force_insert=True)
        if then is not None:
            then(obj)
        return
    pending.append(_Pending(obj, then, after, fill))


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
    pending: list[_Pending] = []
    updates: dict[tuple[type[Model], tuple[str, ...]], dict[int, Model]] = {}
    _local.pending, _local.updates = pending, updates
    try:
        yield
    finally:
        _local.pending = _local.updates = None
    _insert_in_order(pending)
    for (_model, fields), objs in updates.items():
        bulk_update_values(list(objs.values()), fields)
    for item in pending:
        if item.then is not None:
            item.then(item.obj)


def _insert_in_order(pending: list[_Pending]) -> None:
    """One insert per model, a model's rows only once every row they wait for has its key."""
    by_model: dict[type[Model], list[_Pending]] = {}
    waits_for: dict[type[Model], set[type[Model]]] = {}  # the models of the unsaved rows each model points to
    for item in pending:
        by_model.setdefault(type(item.obj), []).append(item)
        waits_for.setdefault(type(item.obj), set()).update(type(row) for row in _unsaved_targets(item))
    while by_model:
        model = next((m for m in by_model if not waits_for[m] & by_model.keys()), None)
        if model is None:
            raise RuntimeError(f"rows waiting for each other: {', '.join(m.__name__ for m in by_model)}")
        items = by_model.pop(model)
        for item in items:
            if item.fill is not None:
                item.fill(item.obj)
        insert_rows([item.obj for item in items])


def _unsaved_targets(item: _Pending) -> Iterator[Model]:
    """The rows without a key yet that this one waits for: `after`, and those its foreign keys point to."""
    if item.after is not None and item.after.pk is None:
        yield item.after
    obj = item.obj
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is None and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and related.pk is None:
                yield related
