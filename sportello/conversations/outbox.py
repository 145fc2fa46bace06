"""The outbox: queued messages delivered through their channel's connector, with retries and backoff.

Claiming a row and recording the channel's message id happen in separate transactions: a crash between the
send and the record leaves the row claimed until its lease expires; the channel's status webhook, matched by
our callback data, then records the id before any resend would happen (see `reconcile_by_callback`).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from sportello.connectors.base import TransportError
from sportello.connectors.registry import get_connector
from sportello.conversations.claims import claim, in_hand
from sportello.conversations.keys import message_key
from sportello.conversations.models import DeliveryStatus, Message
from sportello.conversations.statuses import attach_orphan_statuses
from sportello.core import events
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.outbox")

LEASE = timedelta(minutes=2)
_wakeup = threading.Event()


def wake() -> None:
    _wakeup.set()


def _backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(2 ** attempt, 900))


def reconcile_by_callback(message: Message) -> bool:
    """A send in doubt: if the channel already reported a status for our callback data, the send happened."""
    status = (
        DeliveryStatus.objects.filter(municipality_id=message.municipality_id, callback_data=message.callback_data)
        .exclude(callback_data="")
        .first()
    )
    if status is None:
        return False
    Message.objects.filter(pk=message.pk).update(external_key=status.external_key, status=Message.Status.ACCEPTED)
    message.refresh_from_db()
    attach_orphan_statuses(message)
    return True


def deliver(message: Message) -> None:
    account = message.conversation.account
    if message.attempts and reconcile_by_callback(message):
        return
    message.attempts += 1
    try:
        result = get_connector(account.channel).send(account, message)
    except TransportError as exc:
        _record_failure(message, exc)
        return
    with transaction.atomic():
        message.external_id = result.external_id
        message.external_key = message_key(account.channel, result.external_id)
        message.status = result.status if result.status in Message.Status.values else Message.Status.ACCEPTED
        message.status_at = timezone.now()
        message.next_attempt_at = None
        message.claimed_until = None
        message.save(
            update_fields=["external_id", "external_key", "status", "status_at", "attempts", "next_attempt_at", "claimed_until"]
        )
        attach_orphan_statuses(message)
        events.publish_on_commit(
            message.municipality_id, "message.status", {"conversation": message.conversation_id, "message": message.pk}
        )


def _record_failure(message: Message, exc: TransportError) -> None:
    give_up = exc.permanent or message.attempts >= settings.SPORTELLO_SEND_MAX_ATTEMPTS
    message.error_code = exc.code
    message.error_title = (exc.title or exc.message)[:300]  # the connector explains its own errors
    if give_up:
        message.status = Message.Status.FAILED
        message.next_attempt_at = None
    else:
        message.next_attempt_at = timezone.now() + _backoff(message.attempts)
    message.claimed_until = None
    message.save(update_fields=["status", "error_code", "error_title", "attempts", "next_attempt_at", "claimed_until"])
    log.info("send of message %s failed (attempt %s, code %s)", message.pk, message.attempts, exc.code)
    events.publish(message.municipality_id, "message.status", {"conversation": message.conversation_id, "message": message.pk})


def run_once(limit: int = 50) -> int:
    due = Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__lte=timezone.now())
    ids = claim(due, limit=limit, lease=LEASE)
    with in_hand(Message, ids):
        claimed = Message.objects.filter(pk__in=ids).select_related("conversation__account", "conversation__citizen")
        for message in claimed:
            deliver(message)
    return len(ids)


def drain() -> int:
    total = 0
    while handled := run_once():
        total += handled
    return total


@scopes_disabled()  # system code: every municipality's outgoing messages
def loop(stop: threading.Event, idle_sleep: float = 0.2) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            handled = run_once()
        except Exception:  # noqa: BLE001 - keep the worker alive; the rows stay queued
            log.exception("outbox iteration failed")
            handled = 0
        if not handled:
            _wakeup.wait(idle_sleep)
            _wakeup.clear()
