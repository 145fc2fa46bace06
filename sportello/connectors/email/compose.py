"""Building the e-mails the office sends: a reply threaded to the citizen's last message, or a campaign's copy."""

from __future__ import annotations

import mimetypes
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sportello.citizens.language import citizen_language
from sportello.citizens.models import Identity
from sportello.connectors.base import MessageKind

if TYPE_CHECKING:
    from sportello.citizens.models import Citizen
    from sportello.connectors.email.models import Mailbox
    from sportello.conversations.models import Message

MAX_REFERENCES = 20


def citizen_address(citizen: "Citizen") -> str:
    """The citizen's e-mail address (their newest active e-mail identity), or ""."""
    identity = (
        citizen.identities.filter(kind=Identity.Kind.EMAIL, active=True).order_by("-id").first()
        if citizen.pk else None
    )
    return identity.value if identity is not None else ""


def message_id_for(mailbox: "Mailbox", token: str) -> str:
    """Our Message-ID for an outbound message, without brackets: stable per message (its callback data), so a retry
    after a lost answer carries the same id and receipts and bounces always find it."""
    domain = mailbox.address.rpartition("@")[2] or "sportello.invalid"
    token = "".join(c for c in token if c.isalnum() or c in "-.") or make_msgid().strip("<>").partition("@")[0]
    return f"sportello.{token}@{domain}"


def _recipient(citizen: "Citizen", address: str) -> str:
    try:
        return str(Address(citizen.display_name or "", addr_spec=address))
    except (ValueError, IndexError):
        return address


def _base(mailbox: "Mailbox", to: str, subject: str, msgid: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mailbox.from_header
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = f"<{msgid}>"
    return message


def _thread_parent(message: "Message") -> "Message | None":
    """The citizen's message this one answers: the one it replies to, else their latest e-mail in the conversation."""
    from sportello.conversations.models import Message as MessageModel

    if message.reply_to_id and message.reply_to.direction == MessageModel.Direction.INBOUND:
        return message.reply_to
    return (
        message.conversation.messages.filter(direction=MessageModel.Direction.INBOUND, sent_at__lte=message.sent_at)
        .exclude(external_key="")
        .order_by("-sent_at", "-id")
        .first()
    )


def reply_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if subject.lower().startswith(("re:", "r:")):
        return subject
    return f"Re: {subject}"


def _choices(interactive: dict[str, Any]) -> list[str]:
    action = interactive.get("action") or {}
    titles = [str((b.get("reply") or {}).get("title", "")) for b in action.get("buttons") or []]
    for section in action.get("sections") or []:
        titles += [str(row.get("title", "")) for row in section.get("rows") or []]
    return [t for t in titles if t]


def body_text(message: "Message") -> str:
    """The e-mail's text. Buttons (e.g. the consent question's «Accetto» / «Non accetto») become words to write
    back: the channel-neutral typed answers read them. A location becomes a map link."""
    text = message.text or ""
    if message.kind == MessageKind.INTERACTIVE:
        interactive = message.payload.get("interactive") or {}
        text = text or str((interactive.get("body") or {}).get("text", ""))
        choices = _choices(interactive)
        if choices:
            text += "\n\n" + _("Per rispondere, scriva in risposta a questa e-mail: %(choices)s.") % {
                "choices": _(" oppure ").join(f"«{c}»" for c in choices)
            }
    elif message.kind == MessageKind.LOCATION:
        lat, lon = message.payload.get("latitude"), message.payload.get("longitude")
        name = " — ".join(str(message.payload[k]) for k in ("name", "address") if message.payload.get(k))
        link = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}" if lat and lon else ""
        text = "\n".join(p for p in (text, name, link) if p)
    return text


def build_reply(mailbox: "Mailbox", message: "Message", address: str) -> EmailMessage:
    """The e-mail for one recorded outbound Message, threaded to the citizen's last message; the words Sportello
    adds (subject, how to answer buttons) in the citizen's language."""
    with translation.override(citizen_language(message.conversation.citizen)):
        return _build_reply(mailbox, message, address)


def _build_reply(mailbox: "Mailbox", message: "Message", address: str) -> EmailMessage:
    parent = _thread_parent(message)
    parent_payload: dict[str, Any] = parent.payload if parent is not None else {}
    subject = str(parent_payload.get("subject", "") or "")
    if subject:
        subject = reply_subject(subject)
    else:
        subject = mailbox.default_subject or _("Risposta da %(office)s") % {
            "office": mailbox.display_name or mailbox.account.municipality.office_name
        }
    email = _base(
        mailbox, _recipient(message.conversation.citizen, address), subject,
        message_id_for(mailbox, message.callback_data or str(message.pk)),
    )
    parent_id = str(parent_payload.get("message_id", "") or "")
    if parent_id:
        references = [str(r) for r in parent_payload.get("references", []) if r][-(MAX_REFERENCES - 1):]
        email["In-Reply-To"] = f"<{parent_id}>"
        email["References"] = " ".join(f"<{r}>" for r in [*references, parent_id])
    if message.author_id is None:
        # Sportello's automatic answers (office hours, commands, consent): no auto-responder should answer them.
        email["Auto-Submitted"] = "auto-replied"
    email.set_content(body_text(message))
    for attachment in message.attachments.all():
        if not attachment.file:
            continue
        with attachment.file.open("rb") as handle:
            _attach(email, handle.read(), attachment.mime_type, attachment.filename)
    return email


def build_campaign_copy(mailbox: "Mailbox", citizen: "Citizen", address: str, content: dict[str, Any], token: str) -> EmailMessage:
    with translation.override(citizen_language(citizen)):
        title = str(content.get("title") or "") or mailbox.default_subject or _("Comunicazione da %(office)s") % {
            "office": mailbox.display_name or mailbox.account.municipality.office_name
        }
    email = _base(mailbox, _recipient(citizen, address), title, message_id_for(mailbox, token))
    email["Auto-Submitted"] = "auto-generated"
    email["Precedence"] = "bulk"
    text = str(content.get("text") or "")
    if content.get("link"):
        text = f"{text}\n\n{content['link']}".strip()
    email.set_content(text)
    media = content.get("media")
    if media:
        filename, data, mime = media
        _attach(email, data, mime, filename)
    return email


def _attach(email: EmailMessage, data: bytes, mime: str, filename: str) -> None:
    mime = mime or mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
    maintype, _sep, subtype = mime.partition("/")
    email.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename or "allegato")
