"""Delivery statuses: recorded once each, applied monotonically whatever order they arrive in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction

from sportello.connectors.base import StatusUpdate
from sportello.conversations.keys import message_key
from sportello.conversations.models import DeliveryStatus, Message
from sportello.core import events
from sportello.core.bulk import bulk_update_values, insert_rows

RANK = {
    Message.Status.QUEUED: 0,
    Message.Status.ACCEPTED: 1,
    Message.Status.SENT: 2,
    Message.Status.DELIVERED: 3,
    Message.Status.READ: 4,
    Message.Status.PLAYED: 5,
}
KNOWN = set(RANK) | {Message.Status.FAILED}


def _advance(message: Message, status: DeliveryStatus) -> bool:
    """Move the message's status forward; 'failed' is terminal and beats only not-yet-delivered states."""
    current = message.status
    if current == Message.Status.FAILED:
        return False
    if status.status == Message.Status.FAILED:
        if RANK.get(current, 0) >= RANK[Message.Status.DELIVERED]:
            return False
        message.status = Message.Status.FAILED
        message.error_code = status.error_code
        message.error_title = status.error_title
    elif RANK.get(status.status, -1) > RANK.get(current, -1):
        message.status = status.status
    else:
        return False
    message.status_at = status.at
    return True


def apply_many(items: Sequence[tuple[int, StatusUpdate]]) -> list[bool]:
    """Record statuses (inside the caller's transaction) and move their messages forward, in a few queries
    whatever their number: what was already recorded is read once, the new statuses go in with one insert, their
    messages are locked and read with one query and moved forward with one update. Returns, per item, whether it
    was new (False: a duplicate, or a status we do not know)."""
    results = [False] * len(items)
    keyed = [(n, municipality_id, message_key(update.channel, update.external_id), update)
             for n, (municipality_id, update) in enumerate(items) if update.status in KNOWN]
    if not keyed:
        return results
    keys = {key for _n, _m, key, _u in keyed}
    recorded = set(DeliveryStatus.objects.filter(external_key__in=keys).values_list(
        "municipality_id", "external_key", "status"))
    messages = {(m.municipality_id, m.external_key): m
                for m in Message.objects.select_for_update().filter(external_key__in=keys).order_by("pk")}
    fresh: list[DeliveryStatus] = []
    for n, municipality_id, key, update in keyed:
        if (municipality_id, key, update.status) in recorded:
            continue  # the same status for the same message: Meta's retries have no effect
        recorded.add((municipality_id, key, update.status))
        fresh.append(DeliveryStatus(
            municipality_id=municipality_id, external_key=key, status=update.status, at=update.at,
            error_code=update.error_code, error_title=update.error_title, callback_data=update.callback_data[:64],
            message=messages.get((municipality_id, key)),  # None: kept as an orphan until our send records the id
        ))
        results[n] = True
    insert_rows(fresh)
    moved = {status.message.pk: status.message for status in fresh
             if status.message is not None and _advance(status.message, status)}
    if moved:
        bulk_update_values(list(moved.values()), ["status", "status_at", "error_code", "error_title"])
        for message in moved.values():
            events.publish_on_commit(
                message.municipality_id, "message.status", {"conversation": message.conversation_id, "message": message.pk}
            )
    return results


def attach_orphan_statuses(message: Message) -> None:
    """Statuses that arrived before the send's response was recorded are applied now, in order."""
    orphans = list(
        DeliveryStatus.objects.filter(
            municipality_id=message.municipality_id, external_key=message.external_key, message__isnull=True
        )
    )
    changed = False
    for status in sorted(orphans, key=lambda s: (RANK.get(s.status, 9), s.at)):
        status.message = message
        status.save(update_fields=["message"])
        changed = _advance(message, status) or changed
    if changed:
        message.save(update_fields=["status", "status_at", "error_code", "error_title"])


# -- status handlers: other apps take the statuses of their own sends, in batches ----------------------------
# A handler is (owns, apply_many): `owns(update)` recognises its sends (by callback data), `apply_many` applies a
# list of (municipality_id, update) in one go. The broadcasts app registers one so that campaign statuses (three
# per message, thousands per second) skip the per-status Message/DeliveryStatus path.
BatchHandler = Callable[[list[tuple[int, StatusUpdate]]], None]
_handlers: list[tuple[Callable[[StatusUpdate], bool], BatchHandler]] = []
_deferred = threading.local()


def register_handler(owns: Callable[[StatusUpdate], bool], apply_many: BatchHandler) -> None:
    if all(h[1] is not apply_many for h in _handlers):
        _handlers.append((owns, apply_many))


def offer(municipality_id: int, update: StatusUpdate) -> bool:
    """Give a status to the handler that owns it; True if one did (applied now, or at the end of `deferred()`)."""
    for owns, apply_many in _handlers:
        if owns(update):
            pending = getattr(_deferred, "items", None)
            if pending is not None:
                pending.setdefault(apply_many, []).append((municipality_id, update))
            else:
                with transaction.atomic():
                    apply_many([(municipality_id, update)])
            return True
    return False


@contextmanager
def deferred() -> Iterator[None]:
    """Collect owned statuses offered inside the block and apply them per handler in one transaction at its end
    (nothing is applied if the block raises). The ingest loop wraps each claimed batch of events in it."""
    if getattr(_deferred, "items", None) is not None:
        yield  # nested: the outer block flushes
        return
    _deferred.items = {}
    try:
        yield
        items = _deferred.items
    finally:
        _deferred.items = None
    if items:
        with transaction.atomic():
            for apply_many, updates in items.items():
                apply_many(updates)
