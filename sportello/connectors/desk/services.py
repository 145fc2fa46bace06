"""Recording a phone call or a desk visit, and opening a case from it.

`record_contact` is the one function that writes a recorded contact: it finds the citizen by an exact identifier
(blind index, never by name) or creates one, and stores a conversation of the phone or desk channel with the
question as an inbound message and the answer as an outbound message already delivered (given in person, never
queued for the outbox). Views and tests call it; it audits and publishes like every other service.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.citizens.identity import index_for
from sportello.citizens.models import Citizen, Identity
from sportello.citizens.phones import InvalidPhoneNumber, normalize_phone
from sportello.connectors.base import MessageKind
from sportello.connectors.desk.accounts import CHANNELS, account_for_channel
from sportello.conversations import media
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.core import events
from sportello.core.audit import audit
from sportello.municipalities.models import Municipality

MAX_DOCUMENTS = 5
QUESTION_LIMIT = 4000
# A contact may be recorded a little after the fact, never in the future (clocks differ by a few minutes).
FUTURE_TOLERANCE = timedelta(minutes=5)


class DeskError(Exception):
    """A recording that cannot be made as asked; `message` is what the operator reads."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Document:
    filename: str
    content: bytes
    mime_type: str = ""


@dataclass
class RecordedContact:
    conversation: Conversation
    question: Message
    answer: Message | None
    citizen_created: bool = False
    documents: list[Attachment] = field(default_factory=list)


def canonical_phone(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber as exc:
        raise DeskError(_("Il numero di telefono non è valido."), "bad_phone") from exc


def canonical_email(raw: str) -> str:
    value = raw.strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise DeskError(_("L'indirizzo e-mail non è valido."), "bad_email") from exc
    return value


def _keys(phone: str, email: str) -> list[tuple[str, str]]:
    keys = []
    if phone.strip():
        keys.append((Identity.Kind.PHONE, canonical_phone(phone)))
    if email.strip():
        keys.append((Identity.Kind.EMAIL, canonical_email(email)))
    return keys


def find_by_identifiers(municipality: Municipality, *, phone: str = "", email: str = "") -> Citizen | None:
    """The one citizen of this municipality with this phone number and/or e-mail address (exact, blind index).
    Two different citizens for the two identifiers is an error: only an operator's explicit link joins them."""
    found: dict[int, Citizen] = {}
    for kind, value in _keys(phone, email):
        identity = (
            Identity.objects.filter(municipality=municipality, kind=kind, value_index=index_for(kind, value))
            .select_related("citizen").first()
        )
        if identity is not None:
            found[identity.citizen_id] = identity.citizen
    if len(found) > 1:
        raise DeskError(
            _("Il telefono e l'e-mail appartengono a due cittadini diversi: indicane uno solo, oppure collegali "
              "dal pannello della conversazione."),
            "two_citizens",
        )
    return next(iter(found.values()), None)


def _attach_identifiers(citizen: Citizen, keys: list[tuple[str, str]]) -> None:
    for kind, value in keys:
        index = index_for(kind, value)
        owner = Identity.objects.filter(municipality=citizen.municipality, kind=kind, value_index=index).first()
        if owner is None:
            try:
                with transaction.atomic():
                    Identity.objects.create(
                        municipality=citizen.municipality, citizen=citizen, kind=kind, value=value, value_index=index,
                    )
            except IntegrityError as exc:
                raise DeskError(_("Questo recapito è appena stato registrato per un altro cittadino."), "taken") from exc
        elif owner.citizen_id != citizen.pk:
            raise DeskError(
                _("Questo recapito appartiene a un altro cittadino: per unirli usa «Collega a un altro cittadino»."),
                "taken",
            )


def _resolve(
    municipality: Municipality, citizen: Citizen | None, name: str, phone: str, email: str
) -> tuple[Citizen, bool]:
    keys = _keys(phone, email)
    created = False
    if citizen is None:
        citizen = find_by_identifiers(municipality, phone=phone, email=email)
    elif citizen.municipality_id != municipality.pk:
        raise DeskError(_("Il cittadino scelto è di un altro comune."), "other_municipality")
    if citizen is None:
        if not name.strip() and not keys:
            raise DeskError(_("Indica almeno il nome, il telefono o l'e-mail di chi ha chiamato."), "nobody")
        citizen = Citizen.objects.create(municipality=municipality, display_name=name.strip()[:200])
        created = True
    elif name.strip() and not citizen.display_name:
        citizen.display_name = name.strip()[:200]
        citizen.save(update_fields=["display_name"])
    _attach_identifiers(citizen, keys)
    return citizen, created


def _kind_for(mime: str) -> str:
    for kind in ("image", "audio", "video"):
        if mime in media.ALLOWED_TYPES[kind]:
            return kind
    return MessageKind.DOCUMENT


def _check_documents(documents: Sequence[Document]) -> list[tuple[Document, str, str]]:
    if len(documents) > MAX_DOCUMENTS:
        raise DeskError(_("Si possono allegare al massimo %(n)d documenti.") % {"n": MAX_DOCUMENTS}, "too_many")
    checked = []
    for doc in documents:
        mime = (doc.mime_type or mimetypes.guess_type(doc.filename)[0] or "application/octet-stream")
        mime = mime.split(";")[0].strip().lower()
        kind = _kind_for(mime)
        limit = settings.SPORTELLO_MEDIA_LIMITS.get(kind, settings.SPORTELLO_MEDIA_LIMITS["document"])
        if not doc.content:
            raise DeskError(_("Il file «%(name)s» è vuoto.") % {"name": doc.filename}, "empty_file")
        if len(doc.content) > limit:
            raise DeskError(_("Il file «%(name)s» è troppo grande.") % {"name": doc.filename}, "too_large")
        checked.append((doc, mime, kind))
    return checked


def record_contact(
    *,
    municipality: Municipality,
    channel: str,
    actor: Any,
    question: str,
    answer: str = "",
    when: datetime | None = None,
    citizen: Citizen | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    documents: Sequence[Document] = (),
    keep_open: bool = False,
) -> RecordedContact:
    """Record one call or visit as a new conversation of its channel.

    Answered and not kept open, the conversation is closed (nothing is left to do); without an answer it stays
    open and waiting, like a citizen's unanswered message.
    """
    if channel not in CHANNELS:
        raise DeskError(_("Scegli telefono o sportello fisico."), "bad_channel")
    question, answer = question.strip(), answer.strip()
    if not question:
        raise DeskError(_("Scrivi che cosa ha chiesto il cittadino."), "no_question")
    if len(question) > QUESTION_LIMIT or len(answer) > QUESTION_LIMIT:
        raise DeskError(_("Il testo è troppo lungo (al massimo 4000 caratteri)."), "too_long")
    now = timezone.now()
    when = when or now
    if when > now + FUTURE_TOLERANCE:
        raise DeskError(_("La data e l'ora del contatto non possono essere nel futuro."), "future")
    checked = _check_documents(documents)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        account = account_for_channel(municipality, channel)
        citizen, created = _resolve(municipality, citizen, name, phone, email)
        closed = bool(answer) and not keep_open
        conversation = Conversation.objects.create(
            municipality=municipality, account=account, citizen=citizen, assigned_to=user,
            state=Conversation.State.CLOSED if closed else Conversation.State.OPEN,
            last_message_at=when, waiting_since=None if answer else when,
        )
        recorded = {"recorded": True, "recorded_by": user.pk if user else None}
        asked = Message.objects.create(
            municipality=municipality, conversation=conversation, direction=Message.Direction.INBOUND,
            kind=MessageKind.TEXT, text=question, payload=recorded, sent_at=when, status=Message.Status.RECEIVED,
        )
        attachments = []
        for doc, mime, kind in checked:
            attachment = Attachment(
                message=asked, kind=kind, mime_type=mime, filename=doc.filename[:255], size=len(doc.content),
                sha256=hashlib.sha256(doc.content).hexdigest(), state=Attachment.State.READY,
            )
            attachment.file.save(doc.filename.replace("/", "_")[:100] or "documento", ContentFile(doc.content),
                                 save=False)
            attachment.save()
            attachments.append(attachment)
        answered = None
        if answer:
            # Recorded as given: delivered at once, never queued (the outbox only picks up queued messages).
            answered = Message.objects.create(
                municipality=municipality, conversation=conversation, direction=Message.Direction.OUTBOUND,
                kind=MessageKind.TEXT, text=answer, payload=recorded, sent_at=when, author=user,
                status=Message.Status.DELIVERED, status_at=when,
            )
        Citizen.objects.filter(pk=citizen.pk).update(last_seen_at=when)
        audit(
            "desk.contact_recorded", actor=actor, municipality=municipality, target=conversation,
            channel=channel, citizen=citizen.pk, citizen_created=created, answered=bool(answer),
            documents=len(attachments),
        )
        for message in (asked, answered):
            if message is not None:
                events.publish_on_commit(
                    municipality.pk, "message.created", {"conversation": conversation.pk, "message": message.pk}
                )
    return RecordedContact(conversation, asked, answered, created, attachments)


def open_case_from_contact(contact: RecordedContact, *, department: Any, actor: Any, title: str = "",
                           category: Any = None) -> Any:
    """A case from the recorded question and its documents, like "Apri pratica" from a conversation. The citizen
    is not messaged (a call cannot be written to): the operator gives the reference on the phone or at the desk."""
    from sportello.cases import services as cases

    question = contact.question
    try:
        return cases.open_case(
            department=department, category=category,
            title=title.strip() or question.text.splitlines()[0][:120],
            description=question.text, conversation=contact.conversation, messages=[question], actor=actor,
            source=cases.Case.Source.CONVERSATION, notify_citizen=False,
        )
    except cases.CaseError as error:
        raise DeskError(error.message, error.code) from error
