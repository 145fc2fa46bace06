"""Speaking to a citizen: every reply is recorded first, then delivered by the outbox, never sent twice.

`queue_*` functions are what views, the API and automatic replies call. They enforce the channel's rules
(the WhatsApp 24-hour window) before anything is written, so an operator learns at once why a send is refused.
"""

from __future__ import annotations

import mimetypes
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.connectors.base import MessageKind
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.conversations.window import is_window_open, window_closes_at
from sportello.core import events
from sportello.core.audit import audit

FREE_FORM_KINDS = {
    MessageKind.TEXT, MessageKind.IMAGE, MessageKind.AUDIO, MessageKind.VIDEO, MessageKind.DOCUMENT,
    MessageKind.STICKER, MessageKind.INTERACTIVE, MessageKind.LOCATION, MessageKind.CONTACTS, MessageKind.REACTION,
}
TEXT_LIMIT = 4096


class SendRefused(Exception):
    """A send that breaks a rule; `code` lets the API and the console react (offer templates, …)."""

    def __init__(self, message: str, code: str, **details: Any):
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details


def _check(conversation: Conversation, kind: str, text: str) -> None:
    if conversation.account.channel == "whatsapp" and kind in FREE_FORM_KINDS and not is_window_open(conversation):
        closes = window_closes_at(conversation)
        raise SendRefused(
            _(
                "La finestra di 24 ore per rispondere liberamente è chiusa: si può scrivere al cittadino solo "
                "con un modello approvato."
            ),
            "window_closed",
            closed_at=closes.isoformat() if closes else None,
        )
    if len(text) > TEXT_LIMIT:
        raise SendRefused(_("Il testo supera i 4096 caratteri consentiti."), "too_long")


def queue_message(
    conversation: Conversation,
    kind: str,
    *,
    text: str = "",
    payload: dict[str, Any] | None = None,
    author: Any = None,
    reply_to: Message | None = None,
    file: tuple[str, bytes, str] | None = None,  # (filename, content, mime type)
    callback_data: str = "",
) -> Message:
    _check(conversation, kind, text)
    with transaction.atomic():
        message = Message.objects.create(
            municipality_id=conversation.municipality_id,
            conversation=conversation,
            direction=Message.Direction.OUTBOUND,
            kind=kind,
            text=text,
            payload=payload or {},
            author=author if getattr(author, "is_authenticated", False) else None,
            reply_to=reply_to,
            status=Message.Status.QUEUED,
            next_attempt_at=timezone.now(),
            callback_data=callback_data or uuid.uuid4().hex,
        )
        if file is not None:
            filename, content, mime = file
            mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
            attachment = Attachment(
                message=message, kind=kind, mime_type=mime, filename=filename[:255], size=len(content),
                state=Attachment.State.READY,
            )
            attachment.file.save(filename.replace("/", "_"), ContentFile(content), save=False)
            attachment.save()
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.sent_at, waiting_since=None)
        audit(
            "message.queued", actor=author, municipality=conversation.municipality, target=message, kind=kind,
        )
        events.publish_on_commit(
            conversation.municipality_id, "message.created", {"conversation": conversation.pk, "message": message.pk}
        )
        transaction.on_commit(_wake_outbox)
    return message


def queue_text(conversation: Conversation, text: str, **kwargs: Any) -> Message:
    return queue_message(conversation, MessageKind.TEXT, text=text, **kwargs)


def queue_template(
    conversation: Conversation, name: str, language: str = "it", parameters: list[str] | None = None, **kwargs: Any
) -> Message:
    components = []
    if parameters:
        components = [{"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}]
    payload = {"name": name, "language": language, "components": components}
    return queue_message(conversation, MessageKind.TEMPLATE, payload=payload, **kwargs)


def _wake_outbox() -> None:
    from sportello.conversations import outbox

    outbox.wake()
