"""Updating many rows with different values in one statement: `UPDATE … FROM (VALUES …)`.

Django's `bulk_update` builds one `CASE WHEN pk=… THEN …` per field and row; for status bookkeeping at thousands of
rows a second, compiling that SQL costs more than running it. PostgreSQL and SQLite (3.33+) both join an inline
VALUES list instead; other databases fall back to `bulk_update`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model

_SQLITE_HAS_UPDATE_FROM = sqlite3.sqlite_version_info >= (3, 33, 0)


def bulk_update_values(
    objs: Sequence[Model], fields: Sequence[str], batch_size: int = 500, guard: dict[str, Any] | None = None
) -> None:
    """Write `fields` of each object to its row. `guard` adds equality conditions (e.g. "still my claim")."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite") or (vendor == "sqlite" and not _SQLITE_HAS_UPDATE_FROM):
        model._default_manager.using(alias).filter(**(guard or {})).bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    row_sql = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    guard_fields = [(meta.get_field(name), value) for name, value in (guard or {}).items()]
    guard_sql = "".join(f" AND {table}.{quote(f.column)} = %s" for f, _ in guard_fields)
    guard_params = [f.get_db_prep_value(value, connection) for f, value in guard_fields]
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        params: list[Any] = []
        for obj in chunk:
            params.append(pk.get_db_prep_value(obj.pk, connection))
            params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns)
        values = ", ".join([row_sql] * len(chunk))
        if vendor == "postgresql":
            names = ", ".join(quote(c) for c in ["pk", *(f.column for f in columns)])
            assignments = ", ".join(
                f"{quote(f.column)} = CAST(v.{quote(f.column)} AS {f.db_type(connection)})" for f in columns
            )
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({names}) "
                f"WHERE {table}.{quote(pk.column)} = CAST(v.{quote('pk')} AS {pk.rel_db_type(connection)})"
            )
        else:  # SQLite names the VALUES columns column1, column2…
            assignments = ", ".join(f"{quote(f.column)} = v.column{i + 2}" for i, f in enumerate(columns))
            sql = f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v WHERE {table}.{quote(pk.column)} = v.column1"
        with connection.cursor() as cursor:
            cursor.execute(sql + guard_sql, params + guard_params)


def prefetched(instance: Model, related_name: str, objects: Sequence[Model]) -> None:
    """Fill `instance.<related_name>` as `prefetch_related` would, with rows the caller has just inserted.

    `.all()` then costs no query, and `.filter()` still works (it queries): a plain list would break it.
    """
    queryset = getattr(instance, related_name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[related_name] = queryset
