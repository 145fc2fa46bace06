"""Statuses of campaign sends, applied in batches onto Delivery rows (registered in `conversations.statuses`).

A campaign send carries the callback data "sp-bc:<delivery id>:<attempt>" (which the channel's statuses echo), so
its statuses find their row by primary key, without a Message or DeliveryStatus row and whatever order they arrive
in. States only move forward (accepted < sent < delivered < read; failed is terminal and beats only undelivered states). A status is
also the proof that a send in doubt happened: a row still `sending` (its sender died after the request) or already
requeued by the reconciliation is settled by it and is not sent again.
"""

from __future__ import annotations

import logging

from sportello.broadcasts.models import CALLBACK_PREFIX, Delivery, parse_callback
from sportello.connectors.base import StatusUpdate, requires_template
from sportello.connectors.registry import get_connector
from sportello.conversations.keys import message_key
from sportello.core.bulk import bulk_update_values

log = logging.getLogger("sportello.broadcasts")

S = Delivery.State
RANK = {S.QUEUED: 0, S.SENDING: 0, S.UNKNOWN: 0, S.CANCELLED: 0, S.ACCEPTED: 1, S.SENT: 2, S.DELIVERED: 3, S.READ: 4}
STATUS_RANK = {"sent": 2, "delivered": 3, "read": 4, "played": 4}
STAMP = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at", "played": "read_at"}


def owns(update: StatusUpdate) -> bool:
    return update.callback_data.startswith(CALLBACK_PREFIX)


def apply_many(items: list[tuple[int, StatusUpdate]]) -> None:
    """Apply statuses for campaign sends; called inside a transaction."""
    by_id: dict[int, list[tuple[int, StatusUpdate]]] = {}
    for _, update in items:
        parsed = parse_callback(update.callback_data)
        if parsed is None:
            continue
        by_id.setdefault(parsed[0], []).append((parsed[1], update))
    if not by_id:
        return
    fields = {"state", "sent_at", "delivered_at", "read_at", "failed_at", "error_code", "error_title", "external_key",
              "sent_attempt", "extra_copies", "mode", "next_attempt_at", "claimed_until"}
    changed: list[Delivery] = []
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = Delivery.objects.filter(pk__in=chunk).only(*fields, "attempts", "campaign_id")
        for row in rows:
            if _apply_row(row, by_id[row.pk]):
                changed.append(row)
    if changed:
        bulk_update_values(changed, sorted(fields))


def _apply_row(row: Delivery, updates: list[tuple[int, StatusUpdate]]) -> bool:
    changed = False
    for attempt, update in sorted(updates, key=lambda u: (STATUS_RANK.get(u[1].status, 9), u[1].at)):
        if update.status == "failed":
            changed = _failed(row, attempt, update) or changed
            continue
        rank = STATUS_RANK.get(update.status)
        if rank is None:
            continue
        # This attempt reached the channel: if another attempt did too, the citizen has two copies (counted, shown).
        if row.sent_attempt is None:
            row.sent_attempt = attempt
            row.external_key = row.external_key or message_key(update.channel, update.external_id)
            changed = True
        elif row.sent_attempt != attempt and update.status == "sent":
            row.extra_copies += 1
            log.warning("delivery %s: a second copy reached the channel (attempts %s and %s)", row.pk, row.sent_attempt, attempt)
            changed = True
        stamp = STAMP[update.status]
        if getattr(row, stamp) is None:
            setattr(row, stamp, update.at)
            changed = True
        if row.state == S.FAILED:
            continue
        if rank > RANK.get(row.state, 0):
            row.state = update.status if update.status != "played" else S.READ
            row.next_attempt_at = None
            row.claimed_until = None
            changed = True
    return changed


def _failed(row: Delivery, attempt: int, update: StatusUpdate) -> bool:
    if attempt != row.attempts or row.state == S.FAILED:
        return False  # an earlier attempt's failure says nothing about the current one
    if RANK.get(row.state, 0) >= RANK[S.DELIVERED]:
        return False
    code = update.error_code
    if row.mode != Delivery.Mode.TEMPLATE and _requires_template(update.channel, code):
        # The channel refused the free form (WhatsApp: its window and ours disagreed): the same content goes again
        # as the approved template. The mode may not be recorded yet if the status beat the sender's record.
        row.state, row.mode, row.next_attempt_at, row.claimed_until = S.QUEUED, Delivery.Mode.TEMPLATE, update.at, None
        row.sent_attempt = None
        return True
    row.state = S.FAILED
    row.failed_at = update.at
    row.error_code = code
    row.error_title = update.error_title
    row.next_attempt_at = None
    row.claimed_until = None
    return True


def _requires_template(channel: str, code: int | None) -> bool:
    try:
        return requires_template(get_connector(channel), code)
    except LookupError:
        return False
