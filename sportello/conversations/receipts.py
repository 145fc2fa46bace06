"""Read receipts: opening a conversation marks the citizen's messages as read on their phone."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from sportello.connectors.base import TransportError
from sportello.conversations.channel import connector_for
from sportello.conversations.models import Conversation, Message
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.receipts")


def mark_conversation_read(conversation: Conversation) -> None:
    """Reset the unread count and tell the channel the latest message was read (receipts cover all before it)."""
    latest = (
        conversation.messages.filter(direction=Message.Direction.INBOUND).exclude(external_key="").order_by("-sent_at", "-id").first()
    )
    had_unread = conversation.unread_count > 0
    Conversation.objects.filter(pk=conversation.pk).update(unread_count=0)
    if latest is not None and had_unread:
        transaction.on_commit(lambda: send_read_receipt.enqueue(latest.pk))


@task()
@scopes_disabled()  # a background task: system code across municipalities
def send_read_receipt(message_id: int) -> None:
    message = Message.objects.select_related("conversation__account").filter(pk=message_id).first()
    if message is None:
        return
    account = message.conversation.account
    connector = connector_for(account)
    if connector is None:
        return
    try:
        connector.mark_read(account, message)  # a no-op on channels without read receipts
    except TransportError as exc:
        # A lost read receipt costs nothing but a grey tick; not worth a retry storm.
        log.info("read receipt for message %s failed: %s", message_id, exc)
