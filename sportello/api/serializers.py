"""Model → API dictionaries; identifiers masked, payload details only where an operator needs them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sportello.conversations.models import Attachment, Conversation, Message
from sportello.conversations.channel import send_check

# Payload keys safe to show through the API (contacts' phone numbers are shown: the citizen shared them).
_DETAIL_KEYS = {
    "latitude", "longitude", "name", "address", "url", "contacts", "emoji", "removed", "reply_type", "id", "title",
    "description", "response", "payload", "voice", "animated", "type", "body", "referral", "errors", "edits",
    "original_message_id", "unsupported_type", "components", "language", "interactive", "echo",
}


def citizen_out(conversation: Conversation) -> dict[str, Any]:
    citizen = conversation.citizen
    identity = citizen.primary_identity()
    return {
        "id": citizen.pk,
        "name": citizen.display_name,
        "username": citizen.username,
        "masked_identifier": identity.masked if identity else "",
    }


def conversation_out(conversation: Conversation) -> dict[str, Any]:
    check = send_check(conversation)  # the channel's answer: may free text go now, and until when
    return {
        "id": conversation.pk,
        "municipality": conversation.municipality.slug,
        "channel": conversation.account.channel,
        "citizen": citizen_out(conversation),
        "state": conversation.state,
        "assigned_to": conversation.assigned_to.get_username() if conversation.assigned_to else None,
        "last_message_at": conversation.last_message_at,
        "waiting_since": conversation.waiting_since,
        "unread_count": conversation.unread_count,
        "window_open": check.allowed,
        "window_closes_at": check.closes_at,
    }


def attachment_out(attachment: Attachment) -> dict[str, Any]:
    ready = attachment.state == Attachment.State.READY and bool(attachment.file)
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "mime_type": attachment.mime_type,
        "filename": attachment.filename,
        "size": attachment.size,
        "state": attachment.state,
        "error": attachment.last_error,
        "url": reverse("api-v1:attachment_content", args=[attachment.pk]) if ready else None,
    }


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "direction": message.direction,
        "kind": message.kind,
        "text": message.text,
        "details": {k: v for k, v in message.payload.items() if k in _DETAIL_KEYS},
        "sent_at": message.sent_at,
        "status": message.status,
        "error_code": message.error_code,
        "error": message.error_title,
        "reply_to": message.reply_to_id,
        "forwarded": message.forwarded,
        "edited_at": message.edited_at,
        "revoked_at": message.revoked_at,
        "attachments": [attachment_out(a) for a in message.attachments.all()],
    }
