"""Storing a run of inbound messages at once (the batched pipeline): the bulk counterpart of `store.store_inbound`.

A run holds plain citizen messages only, at most one per citizen (see pipeline/batch.py): no echoes, no replies
to earlier messages, no reactions, edits, revocations or system notices; those go through `store_inbound`. For
such messages the result is the same rows `store_inbound` writes, in a handful of queries for the whole run:
existing message ids, latest conversations, conversations, messages, attachments, service windows.

Exactly once: message ids already stored (a channel's retry) are skipped here; one stored meanwhile by another
worker makes the insert fail on the unique constraint, and the caller redoes the batch message by message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q

from sportello.connectors.base import InboundMessage
from sportello.citizens.batch import is_new
from sportello.citizens.models import Citizen
from sportello.conversations import windows
from sportello.conversations.keys import message_key
from sportello.conversations.models import Attachment, Conversation, Message, ServiceWindow
from sportello.conversations.pipeline import hints
from sportello.core import build
from sportello.core.bulk import bulk_update_values, insert_rows, prefetched


@dataclass
class Item:
    """One message of a run: what came in, and what storing it produced."""

    inbound: InboundMessage
    account: Any
    citizen: Any
    event_id: int | None
    key: str = ""
    message: Message | None = None  # None: a duplicate
    conversation: Conversation | None = None


def store_run(items: Sequence[Item]) -> None:
    """Store every item's message (setting item.message and item.conversation), skipping ids already stored."""
    for item in items:
        item.key = message_key(item.inbound.channel, item.inbound.external_id)
    fresh = _without_duplicates(items)
    if not fresh:
        return
    _conversations(fresh)
    messages = [_message(item) for item in fresh]
    insert_rows(messages)
    attachments: list[Attachment] = []
    for item, message in zip(fresh, messages):
        item.message = message
        waiting = item.conversation.waiting_since  # after this message, as `policies.waiting_before` reads it
        hints.mark_new_message(message, None if waiting == message.sent_at else waiting)
        files = [
            Attachment(message=message, kind=ref.kind, media_id=ref.media_id, mime_type=ref.mime_type,
                       filename=ref.filename[:255], declared_sha256=ref.sha256[:100], voice=ref.voice)
            for ref in item.inbound.media
        ]
        # Later steps (media downloads) read them: spare them a query per message.
        prefetched(message, "attachments", files)
        attachments.extend(files)
    if attachments:
        insert_rows(attachments)
    _windows(fresh)


def _without_duplicates(items: Sequence[Item]) -> list[Item]:
    keys = [item.key for item in items if item.key]
    stored = set()
    if keys:
        stored = set(
            Message.objects.filter(
                municipality_id__in={item.account.municipality_id for item in items}, external_key__in=keys
            ).values_list("municipality_id", "external_key")
        )
    fresh = []
    for item in items:
        ident = (item.account.municipality_id, item.key)
        if item.key and ident in stored:
            continue
        stored.add(ident)
        fresh.append(item)
    return fresh


def _pairs(items: list[Item]) -> Q:
    """Matches the rows of each item's (account, citizen)."""
    pairs = Q()
    for item in items:
        pairs |= Q(account_id=item.account.pk, citizen_id=item.citizen.pk)
    return pairs


def _conversations(items: list[Item]) -> None:
    """Each citizen's latest conversation on the account (reopened, counters moved on) or a new one."""
    known = [item for item in items if not is_new(item.citizen)]
    latest: dict[tuple[int, int], Conversation] = {}
    if known:
        # Lock the known citizens first, in one order, so that two workers cannot both open a conversation for
        # the same citizen (see `store.conversation_for`); the new ones are invisible to other transactions.
        # SQLite has no row locks: the batch's transaction holds the database's write lock from its start.
        if connection.features.has_select_for_update:
            list(Citizen.objects.select_for_update().filter(pk__in={i.citizen.pk for i in known})
                 .order_by("pk").values_list("pk", flat=True))
        pairs = _pairs(known)
        rows = (
            Conversation.objects.select_for_update()
            .filter(citizen_id__in={item.citizen.pk for item in known})
            .filter(pairs)
            .order_by("account_id", "citizen_id", "-created_at", "-id")
        )
        for conversation in rows:
            latest.setdefault((conversation.account_id, conversation.citizen_id), conversation)
    created, updated = [], []
    for item in items:
        sent_at = item.inbound.sent_at
        conversation = latest.get((item.account.pk, item.citizen.pk))
        if conversation is None:
            conversation = build.new(
                Conversation, municipality_id=item.account.municipality_id, account=item.account,
                citizen=item.citizen, last_message_at=sent_at, waiting_since=sent_at, unread_count=1,
            )
            hints.mark_new_conversation(conversation)
            created.append(conversation)
        else:
            conversation.last_message_at = max(filter(None, [conversation.last_message_at, sent_at]))
            conversation.state = Conversation.State.OPEN
            conversation.unread_count += 1  # the row is locked (PostgreSQL) or the database is (SQLite)
            conversation.waiting_since = conversation.waiting_since or sent_at
            updated.append(conversation)
        conversation.account, conversation.citizen = item.account, item.citizen
        item.conversation = conversation
    if created:
        insert_rows(created)
    if updated:
        bulk_update_values(updated, ["last_message_at", "state", "unread_count", "waiting_since"])


def _message(item: Item) -> Message:
    inbound = item.inbound
    return build.new(
        Message,
        municipality_id=item.account.municipality_id,
        conversation=item.conversation,
        direction=Message.Direction.INBOUND,
        kind=inbound.kind,
        original_type=inbound.original_type,
        text=inbound.text,
        payload={
            **inbound.payload,
            **({"referral": inbound.referral} if inbound.referral else {}),
            **({"errors": inbound.errors} if inbound.errors else {}),
            **({"referred_product": inbound.context.referred_product} if inbound.context.referred_product else {}),
        },
        external_id=inbound.external_id,
        external_key=item.key,
        sent_at=inbound.sent_at,
        forwarded=inbound.context.forwarded or inbound.context.frequently_forwarded,
        frequently_forwarded=inbound.context.frequently_forwarded,
        status=Message.Status.RECEIVED,
        inbound_event_id=item.event_id,
    )


def _windows(items: list[Item]) -> None:
    """The citizen's last message to the account, never moved back (the bulk `store._touch_window`)."""
    known = [item for item in items if not is_new(item.citizen)]
    existing: dict[tuple[int, int], ServiceWindow] = {}
    if known:
        pairs = _pairs(known)
        existing = {(w.account_id, w.citizen_id): w for w in ServiceWindow.objects.filter(pairs)}
    created, moved = [], []
    for item in items:
        window = existing.get((item.account.pk, item.citizen.pk))
        if window is None:
            created.append(
                build.new(ServiceWindow, account=item.account, citizen=item.citizen,
                          last_inbound_at=item.inbound.sent_at)
            )
        elif window.last_inbound_at < item.inbound.sent_at:
            window.last_inbound_at = item.inbound.sent_at
            moved.append(window)
        windows.remember(item.account.pk, item.citizen.pk, (window or created[-1]).last_inbound_at)
    if created:
        insert_rows(created)
    if moved:
        bulk_update_values(moved, ["last_inbound_at"])
