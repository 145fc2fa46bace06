"""Claiming work rows so several workers can share a table: SKIP LOCKED on PostgreSQL, the write lock on SQLite.

A claim is a lease (`claimed_until`): a worker killed outright leaves its rows to others once the lease ends. This
process remembers the leases it took, and acts on a lease only while it is still the one this process wrote (a
finished or rescheduled row has another `claimed_until` and is left alone):
- `keep_leases` (a worker thread) renews the leases of rows still in hand, so a lease can be short (fast takeover
  after a crash) without a slow batch losing its rows to another worker halfway;
- `release_held` (on SIGTERM) gives them back at once;
- `in_hand` lets a claim go when its work fails before recording an outcome: renewed, those rows would stay with a
  live worker for as long as it runs, and nobody would ever retry them.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connections, router, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.claims")
_held: dict[tuple[type[Model], datetime], list[int]] = defaultdict(list)
_leases: dict[tuple[type[Model], datetime], timedelta] = {}
_held_lock = threading.Lock()


def lease_length(default: timedelta) -> timedelta:
    """The caller's lease, unless SPORTELLO_CLAIM_LEASE_SECONDS sets one for every loop (tests, fast failover)."""
    configured = getattr(settings, "SPORTELLO_CLAIM_LEASE_SECONDS", 0)
    return timedelta(seconds=configured) if configured else default


def claim(queryset: QuerySet, *, limit: int, lease: timedelta) -> list[int]:
    """Ids of up to `limit` unclaimed (or lease-expired) rows, now leased to the caller."""
    now = timezone.now()
    until = now + lease_length(lease)
    model: type[Model] = queryset.model
    with transaction.atomic(using=router.db_for_write(model)):
        ids = list(
            queryset.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            model._default_manager.filter(pk__in=ids).update(claimed_until=until)
    if ids:
        _remember(model, until, ids, now, until - now)
    return ids


def claim_rows(queryset: QuerySet, *, limit: int, lease: timedelta) -> list[Model]:
    """The rows `claim` would lease, leased and loaded, in id order.

    On PostgreSQL one statement (`UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`) instead of a
    transaction of three and a fourth query to load the rows: a worker picking up one webhook at a time then
    spends one round trip on it, not five."""
    model: type[Model] = queryset.model
    alias = router.db_for_write(model)
    if connections[alias].vendor != "postgresql":
        ids = claim(queryset, limit=limit, lease=lease)
        return list(model._default_manager.using(alias).filter(pk__in=ids).order_by("pk")) if ids else []
    now = timezone.now()
    until = now + lease_length(lease)
    due = (queryset.using(alias).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
           .order_by("pk").values("pk")[:limit])
    inner, params = due.query.sql_with_params()
    meta = model._meta
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(meta.get_field('claimed_until').column)} = %s "
           f"WHERE {quote(meta.pk.column)} IN ({inner} FOR UPDATE SKIP LOCKED) RETURNING {columns}")
    rows = sorted(model._default_manager.raw(sql, [until, *params], using=alias), key=lambda row: row.pk)
    if rows:
        _remember(model, until, [row.pk for row in rows], now, until - now)
    return rows


def _remember(model: type[Model], until: datetime, ids: list[int], now: datetime, lease: timedelta) -> None:
    with _held_lock:
        for key in [key for key in _held if key[1] < now]:  # expired leases are no longer ours to act on
            del _held[key]
            _leases.pop(key, None)
        _held[(model, until)].extend(ids)
        _leases[(model, until)] = lease


def renew_held() -> int:
    """Extend the leases of the rows this process still holds; returns how many rows were renewed."""
    now = timezone.now()
    with _held_lock:
        held = {key: (list(ids), _leases[key]) for key, ids in _held.items() if key[1] > now}
    renewed = 0
    with scopes_disabled():
        for (model, until), (ids, lease) in held.items():
            rows = model._default_manager.filter(pk__in=ids, claimed_until=until)
            still = list(rows.values_list("pk", flat=True))
            new_until = timezone.now() + lease
            if still:
                renewed += model._default_manager.filter(pk__in=still, claimed_until=until).update(
                    claimed_until=new_until
                )
            with _held_lock:
                _held.pop((model, until), None)
                _leases.pop((model, until), None)
                if still:
                    _held[(model, new_until)].extend(still)
                    _leases[(model, new_until)] = lease
    return renewed


def forget(model: type[Model], ids: list[int]) -> None:
    """Stop renewing these rows' leases: they lapse, and whichever worker claims next takes the rows."""
    gone = set(ids)
    with _held_lock:
        for key in [key for key in _held if key[0] is model]:
            kept = [pk for pk in _held[key] if pk not in gone]
            if kept:
                _held[key] = kept
            else:
                del _held[key]
                _leases.pop(key, None)


@contextmanager
def in_hand(model: type[Model], ids: list[int]) -> Iterator[None]:
    """The claimed rows' work: whatever escapes it (a deadlock on the final update, a lost database) leaves the
    rows unfinished, so their claim is let go, to lapse and be retried, before the error goes on."""
    try:
        yield
    except BaseException:
        forget(model, ids)
        raise


def keep_leases(stop: threading.Event) -> None:
    """A worker's thread: renew held leases every third of the shortest one, until `stop`."""
    while not stop.is_set():
        with _held_lock:
            shortest = min(_leases.values(), default=timedelta(seconds=3))
        if stop.wait(max(shortest.total_seconds() / 3, 0.5)):
            return
        try:
            close_old_connections()
            renew_held()
        except Exception:  # noqa: BLE001 - a lost database: the leases lapse and other workers take over
            log.exception("renewing claimed rows failed")


def release_held() -> int:
    """Give back every lease this process still holds (on SIGTERM): other workers may claim those rows at once."""
    with _held_lock:
        held = dict(_held)
        _held.clear()
        _leases.clear()
    released = 0
    with scopes_disabled():
        for (model, until), ids in held.items():
            released += model._default_manager.filter(pk__in=ids, claimed_until=until).update(claimed_until=None)
    return released
