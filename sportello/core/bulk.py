"""Writing many rows at once: updates with different values in one statement (`UPDATE … FROM (VALUES …)`, on
PostgreSQL `UPDATE … FROM UNNEST(…)`) and inserts without Django's per-value preparation (`insert_rows`).

Django's `bulk_update` builds one `CASE WHEN pk=… THEN …` per field and row; for status bookkeeping at thousands of
rows a second, compiling that SQL costs more than running it. PostgreSQL and SQLite (3.33+) both join an inline
VALUES list instead; other databases fall back to `bulk_update`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from datetime import timezone as dt_timezone
from enum import Enum
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
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
    unnest = _unnest_casts([pk, *columns], connection)
    if unnest:  # PostgreSQL: one array per column, parameters in binary (see insert_rows)
        names = ", ".join(quote(c) for c in ["pk", *(f.column for f in columns)])
        assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
        sql = (f"UPDATE {table} SET {assignments} FROM UNNEST({unnest}) AS v({names}) "
               f"WHERE {table}.{quote(pk.column)} = v.{quote('pk')}")
        guard_sql = "".join(f" AND {table}.{quote(f.column)} = %b" for f, _ in guard_fields)
        values = [[pk.get_db_prep_value(obj.pk, connection) for obj in objs]]
        values += [[f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in objs] for f in columns]
        with _binary_cursor(connection) as cursor:
            cursor.execute(sql + guard_sql, values + guard_params)
        return
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


# Field classes whose value goes to the database unchanged when it already has the column's Python type: for them
# the insert skips Django's per-value preparation (pre_save, get_prep_value, get_db_prep_save), which costs more
# than the insert itself at a few thousand rows a second. Exact classes only: a subclass may prepare differently.
_AS_IS: dict[type, tuple[type, ...]] = {
    **{cls: (str,) for cls in (models.CharField, models.TextField, models.SlugField, models.EmailField,
                                models.URLField)},
    **{cls: (int,) for cls in (models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
                                models.PositiveIntegerField, models.PositiveSmallIntegerField,
                                models.PositiveBigIntegerField, models.AutoField, models.BigAutoField,
                                models.SmallAutoField)},
    models.BooleanField: (bool,),
}


def _preparer(field: models.Field, connection: Any) -> Callable[[Model], Any]:
    """How one column's value is read from an object about to be inserted, as `bulk_create` would prepare it."""
    attname = field.attname
    kind = type(field)
    if kind in (models.ForeignKey, models.OneToOneField):
        kind = type(field.target_field)
    plain = _AS_IS.get(kind)
    if plain:

        def read(obj: Model) -> Any:
            value = getattr(obj, attname)
            if value is None or type(value) in plain:
                return value
            if isinstance(value, Enum) and type(value.value) in plain:  # a TextChoices or IntegerChoices member
                return value.value
            return field.get_db_prep_save(field.pre_save(obj, True), connection)

        return read
    if type(field) is models.DateTimeField:
        adapt = connection.ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone is dt_timezone.utc:
            # What SQLite's adapt_datetimefield_value gives an aware datetime (naive UTC, as text), without its
            # settings lookups per value: a batch inserts a few datetimes per message.
            def adapt(value: datetime) -> str:
                return str(value.astimezone(dt_timezone.utc).replace(tzinfo=None))

        def read_datetime(obj: Model) -> Any:
            value = field.pre_save(obj, True)  # auto_now / auto_now_add
            if value is None:
                return None
            if type(value) is datetime and value.tzinfo is not None:
                return adapt(value)
            return field.get_db_prep_save(value, connection)

        return read_datetime
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def _unnest_casts(fields: list[models.Field], connection: Any) -> str:
    """On PostgreSQL, the column casts for `… FROM UNNEST(%b::type[], …)`, one array per column as Django 5.2's
    bulk_create does: psycopg rewrites every placeholder of a statement in Python, so a VALUES list of thousands of
    them costs more than the statement. "" where that does not apply (SQLite, or a column of a custom type)."""
    if connection.vendor != "postgresql":
        return ""
    casts = []
    for field in fields:
        internal = (field.target_field if field.is_relation else field).get_internal_type()
        if hasattr(field, "get_placeholder") or internal not in connection.data_types:
            return ""
        casts.append("(%%b)::%s[]" % field.db_type(connection).split("(")[0])
    return ", ".join(casts)


def _binary_cursor(connection: Any) -> Any:
    """A cursor whose parameters travel apart from the SQL, in binary (`%b`). Django's default psycopg cursor binds
    on the client, escaping every array element with a regular expression: three times slower for the arrays of a
    batch insert. Wrapped as Django wraps its own, so execute wrappers and the query log still see it."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def insert_rows(objs: Sequence[Model]) -> Sequence[Model]:
    """`bulk_create(objs)` for new rows of one model with an auto-increment key, with the SQL written directly:
    the keys come back (RETURNING) and are set on the objects. Anything else goes to `bulk_create`."""
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = [f for f in meta.concrete_fields if not isinstance(f, models.AutoField)]
    if (
        not isinstance(meta.pk, models.AutoField)
        or connection.vendor not in ("postgresql", "sqlite")
        or not connection.features.can_return_rows_from_bulk_insert
        or any(f.generated or f.db_default is not models.NOT_PROVIDED for f in fields)
        or any(p._meta.concrete_model is not meta.concrete_model for p in meta.all_parents)
        or any(obj.pk is not None or type(obj) is not model for obj in objs)
    ):
        return model._default_manager.using(alias).bulk_create(objs)
    relations = [f for f in fields if f.is_relation]
    for obj in objs:
        for field in relations:
            if field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is None:
                    continue
                if related.pk is None:
                    raise ValueError(f"insert_rows() prohibited to prevent data loss due to unsaved related object "
                                     f"'{field.name}'.")
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.name, related)
    readers = [_preparer(f, connection) for f in fields]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    tail = f" RETURNING {quote(meta.db_table)}.{quote(meta.pk.column)}"
    unnest = _unnest_casts(fields, connection)
    batch = len(objs) if unnest else max(1, connection.ops.bulk_batch_size(fields, objs))
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with (transaction.atomic(using=alias, savepoint=False),
          _binary_cursor(connection) if unnest else connection.cursor() as cursor):
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            rows = [[read(obj) for read in readers] for obj in chunk]
            if unnest:  # one array per column: a short statement, whatever the number of rows
                cursor.execute(f"{head}SELECT * FROM UNNEST({unnest}){tail}", [list(c) for c in zip(*rows)])
            else:
                cursor.execute(head + "VALUES " + ", ".join([row_sql] * len(chunk)) + tail,
                               [value for row in rows for value in row])
            for obj, (pk,) in zip(chunk, cursor.fetchall()):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = alias
    return objs
