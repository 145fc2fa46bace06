"""Speaking to a citizen: every reply is recorded first, then delivered by the outbox, never sent twice.

`queue_*` functions are what views, the API and automatic replies call. They ask the channel's connector
(`check_send`: a reply window, a known recipient…) before anything is written, so an operator learns at once why
a send is refused and what could go instead.
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
from sportello.conversations.channel import send_check
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.core import build, events, inserts
from sportello.core.audit import audit

TEXT_LIMIT = 4096


class SendRefused(Exception):
    """A send that breaks a rule; `code` lets the API and the console react, `instead` names the kinds the
    channel would accept now (e.g. ["template"]: offer the approved templates)."""

    def __init__(self, message: str, code: str, instead: tuple[str, ...] = (), **details: Any):
        super().__init__(message)
        self.message = message
        self.code = code
        self.instead = tuple(instead)
        self.details = {**details, **({"instead": list(instead)} if instead else {})}


def _check(conversation: Conversation, kind: str, text: str) -> None:
    check = send_check(conversation, kind)
    if not check.allowed:
        raise SendRefused(
            check.reason or _("Il canale non accetta questo messaggio ora."),
            check.code or "refused",
            check.instead,
            **({"closed_at": check.closes_at.isoformat()} if check.closes_at else {}),
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
    still_waiting: bool = False,  # an automatic reply: the citizen still waits for a person
    keyless: bool = False,  # the caller needs no key yet: in a pipeline batch the row goes in with the run's others
) -> Message:
    _check(conversation, kind, text)
    later = keyless and file is None and inserts.active()
    # In a pipeline batch a failure rolls the whole batch back and retries it message by message: no savepoint.
    with transaction.atomic(savepoint=not inserts.active()):
        message = build.new(
            Message,
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

        def created(message: Message) -> None:
            events.publish_on_commit(
                conversation.municipality_id, "message.created", {"conversation": conversation.pk, "message": message.pk}
            )

        if later:
            inserts.create_later(message, then=created)
        else:
            message.save(force_insert=True)
        if file is not None:
            filename, content, mime = file
            mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
            attachment = Attachment(
                message=message, kind=kind, mime_type=mime, filename=filename[:255], size=len(content),
                state=Attachment.State.READY,
            )
            attachment.file.save(filename.replace("/", "_"), ContentFile(content), save=False)
            attachment.save()
        # The object follows too: in a batch, what is written when the run ends is its latest time.
        conversation.last_message_at = message.sent_at
        if still_waiting and inserts.active():  # in a pipeline batch: written with the run's other rows
            inserts.update_later(conversation, ("last_message_at",))
        else:
            answered = {} if still_waiting else {"waiting_since": None}
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.sent_at, **answered)
        audit(
            "message.queued", actor=author, municipality=conversation.municipality, target=message, kind=kind,
        )
        if not later:
            created(message)
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
