"""Model instances for the pipeline's bulk inserts, built the way Django builds rows it reads (`from_db`).

`Model(**kwargs)` looks every field up in the keyword arguments and sets related objects through their descriptors:
several microseconds for a model of twenty fields, and the pipeline builds a dozen such rows per message. `new()`
gives the same instance (defaults filled, related objects cached, their keys copied) from one positional call.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


_CALL = object()  # marks a default that must be called for each instance (timezone.now, dict, uuid4...)


@cache
def _plan(model: type[models.Model]) -> tuple[tuple[str, str | None, models.Field, Any], ...]:
    """Per concrete field: attname, name when it is a relation, the field, and its default when that is a constant
    (Django's own `get_default()` returns the same object every time for those) or _CALL."""
    plan = []
    for f in model._meta.concrete_fields:
        if f.has_default():
            constant = not callable(f.default)
        else:  # "" or None, unless the database gives the default
            constant = f.db_default is models.NOT_PROVIDED
        plan.append((f.attname, f.name if f.is_relation else None, f, f.get_default() if constant else _CALL))
    return tuple(plan)


def new(model: type[M], /, **values: Any) -> M:
    """`model(**values)` for concrete fields given by name (a related object) or attname (its key)."""
    args: list[Any] = []
    related: list[tuple[models.Field, Any]] = []
    for attname, name, field, default in _plan(model):
        if name is not None and name in values:
            obj = values.pop(name)
            related.append((field, obj))
            args.append(None if obj is None else getattr(obj, field.target_field.attname))
        elif attname in values:
            args.append(values.pop(attname))
        else:
            args.append(field.get_default() if default is _CALL else default)
    if values:
        raise TypeError(f"{model.__name__} has no field named {', '.join(values)}")
    instance = model(*args)
    for field, obj in related:
        field.set_cached_value(instance, obj)
        if obj is not None and not field.remote_field.multiple:  # one-to-one: the reverse side knows too
            field.remote_field.set_cached_value(obj, instance)
    return instance
