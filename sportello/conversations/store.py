"""Storing an inbound message in its conversation: deduplicated, threaded, with the last-inbound time and waiting time."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sportello.citizens.identity import change_phone_number
from sportello.citizens.models import Citizen
from sportello.citizens.phones import InvalidPhoneNumber
from sportello.connectors.base import InboundMessage, MessageKind
from sportello.conversations.keys import message_key
from sportello.conversations.models import Attachment, Conversation, Message, ServiceWindow
from sportello.conversations.statuses import attach_orphan_statuses

# Kinds that say something about another message rather than being a message to answer.
_SIDE_KINDS = {MessageKind.REACTION, MessageKind.EDIT, MessageKind.REVOKE, MessageKind.SYSTEM}


def conversation_for(account, citizen) -> Conversation:  # type: ignore[no-untyped-def]
    """The citizen's latest conversation on this account, reopened if closed, or a new one."""
    # Two workers with messages of one citizen must not both find none and open two: the citizen's row lock
    # serialises them (PostgreSQL; SQLite's write lock already does), and the second then sees the first's.
    Citizen.objects.select_for_update().filter(pk=citizen.pk).values_list("pk", flat=True).first()
    conversation = (
        Conversation.objects.select_for_update()
        .filter(account=account, citizen=citizen)
        .order_by("-created_at", "-id")
        .first()
    )
    if conversation is None:
        return Conversation.objects.create(municipality=account.municipality, account=account, citizen=citizen)
    # Later steps (replies, the channel's send check) read both: spare them a query each.
    conversation.account, conversation.citizen = account, citizen
    return conversation


def _find(municipality_id: int, channel: str, external_id: str) -> Message | None:
    key = message_key(channel, external_id)
    if not key:
        return None
    return Message.objects.filter(municipality_id=municipality_id, external_key=key).first()


def _apply_side_effects(message: Message, inbound: InboundMessage) -> None:
    payload = inbound.payload
    target = _find(message.municipality_id, inbound.channel, str(payload.get("original_message_id", "")))
    if inbound.kind == MessageKind.EDIT and target is not None:
        history = list(target.payload.get("edits", []))
        history.append({"text": target.text, "at": timezone.now().isoformat()})
        target.payload = {**target.payload, "edits": history}
        target.text = inbound.text
        target.edited_at = inbound.sent_at
        target.save(update_fields=["payload", "text", "edited_at"])
    elif inbound.kind == MessageKind.REVOKE and target is not None:
        target.revoked_at = inbound.sent_at
        target.save(update_fields=["revoked_at"])
    elif inbound.kind == MessageKind.SYSTEM and payload.get("type") == "user_changed_number" and payload.get("new_wa_id"):
        try:
            change_phone_number(message.conversation.citizen, payload["new_wa_id"])
        except InvalidPhoneNumber:
            pass


def store_inbound(  # type: ignore[no-untyped-def]
    account, citizen, inbound: InboundMessage, *, inbound_event_id: int | None = None
) -> Message | None:
    """Store one inbound message; None when it was already stored (Meta retries, duplicates)."""
    key = message_key(inbound.channel, inbound.external_id)
    echo = bool(inbound.payload.get("echo"))
    try:
        with transaction.atomic():
            conversation = conversation_for(account, citizen)
            reply_to = None
            if inbound.context.external_id:
                reply_to = _find(account.municipality_id, inbound.channel, inbound.context.external_id)
            if inbound.kind == MessageKind.REACTION:
                reply_to = _find(account.municipality_id, inbound.channel, str(inbound.payload.get("message_id", "")))
            message = Message.objects.create(
                municipality_id=account.municipality_id,
                conversation=conversation,
                direction=Message.Direction.OUTBOUND if echo else Message.Direction.INBOUND,
                kind=inbound.kind,
                original_type=inbound.original_type,
                text=inbound.text,
                payload={
                    **inbound.payload,
                    **({"referral": inbound.referral} if inbound.referral else {}),
                    **({"errors": inbound.errors} if inbound.errors else {}),
                    **({"referred_product": inbound.context.referred_product} if inbound.context.referred_product else {}),
                    # A reply to something we never stored (sent before Sportello, or by another system).
                    **({"reply_to_unknown": True} if inbound.context.external_id and reply_to is None else {}),
                },
                external_id=inbound.external_id,
                external_key=key,
                sent_at=inbound.sent_at,
                reply_to=reply_to,
                forwarded=inbound.context.forwarded or inbound.context.frequently_forwarded,
                frequently_forwarded=inbound.context.frequently_forwarded,
                status=Message.Status.SENT if echo else Message.Status.RECEIVED,
                inbound_event_id=inbound_event_id,
            )
            for ref in inbound.media:
                Attachment.objects.create(
                    message=message,
                    kind=ref.kind,
                    media_id=ref.media_id,
                    mime_type=ref.mime_type,
                    filename=ref.filename[:255],
                    declared_sha256=ref.sha256[:100],
                    voice=ref.voice,
                )
            _update_conversation(conversation, message, inbound, echo)
            if not echo:
                _touch_window(account, citizen, inbound.sent_at)
                type(citizen).objects.filter(pk=citizen.pk).update(last_seen_at=inbound.sent_at)
            else:
                attach_orphan_statuses(message)
            _apply_side_effects(message, inbound)
    except IntegrityError:
        # A concurrent worker stored the same message id first.
        return None
    return message


def _update_conversation(conversation: Conversation, message: Message, inbound: InboundMessage, echo: bool) -> None:
    updates: dict[str, object] = {"last_message_at": max(filter(None, [conversation.last_message_at, message.sent_at]))}
    if not echo and inbound.kind not in _SIDE_KINDS:
        updates["state"] = Conversation.State.OPEN
        updates["unread_count"] = F("unread_count") + 1
        if conversation.waiting_since is None:
            updates["waiting_since"] = message.sent_at
    if echo:
        updates["waiting_since"] = None
    Conversation.objects.filter(pk=conversation.pk).update(**updates)


def _touch_window(account, citizen, sent_at) -> None:  # type: ignore[no-untyped-def]
    """Record when the citizen last wrote to this account (channels with a reply window read it), never moving
    it back: messages may be processed out of order."""
    moved = ServiceWindow.objects.filter(account=account, citizen=citizen, last_inbound_at__lt=sent_at).update(
        last_inbound_at=sent_at
    )
    if not moved:
        try:
            with transaction.atomic():
                ServiceWindow.objects.create(account=account, citizen=citizen, last_inbound_at=sent_at)
        except IntegrityError:
            pass  # it exists and is already later than this message
