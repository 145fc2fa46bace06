"""The office's reply to a web form request, by e-mail, with the request's tracking link.

From the municipality's own mailbox (the e-mail connector's `Mailbox`, sent through its SMTP server) when it has
one, so the citizen can answer by e-mail too; otherwise through Django's mail settings (EMAIL_HOST, EMAIL_PORT…)
from the form's reply address.
"""

from __future__ import annotations

import smtplib
from email.headerregistry import Address
from email.message import EmailMessage as StdlibMessage
from email.utils import formatdate, make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sportello.citizens.language import citizen_language
from sportello.connectors.base import TransportError
from sportello.connectors.webform.models import Submission, WebForm
from sportello.conversations.models import Message


def mailbox_for(webform: WebForm) -> Any:
    from sportello.connectors.email.models import Mailbox

    return (
        Mailbox.objects.select_related("account__municipality")
        .filter(account__municipality_id=webform.account.municipality_id, account__active=True)
        .order_by("pk")
        .first()
    )


def tracking_url(submission: Submission) -> str:
    return settings.SITE_URL + reverse("webform:tracking", args=[submission.token])


def form_url(webform: WebForm) -> str:
    from sportello.connectors.webform.views import form_path

    return settings.SITE_URL + form_path(webform)


def build(webform: WebForm, message: Message, recipient: str, submission: Submission | None, mailbox: Any) -> EmailMessage:
    """The reply e-mail; its subject and the lines around the office's text in the citizen's language."""
    with translation.override(citizen_language(message.conversation.citizen)):
        return _build(webform, message, recipient, submission, mailbox)


def _build(webform: WebForm, message: Message, recipient: str, submission: Submission | None, mailbox: Any) -> EmailMessage:
    town = webform.account.municipality
    office = town.office_name or "URP"
    if mailbox is not None:
        sender = mailbox.from_header
        reply_to = [mailbox.address]
    else:
        sender = str(Address(f"{office} – {town.name}", addr_spec=webform.reply_from or settings.DEFAULT_FROM_EMAIL))
        reply_to = []
    if submission is not None:
        subject = _("Risposta alla Sua richiesta %(reference)s – %(town)s") % {
            "reference": submission.reference, "town": town.name}
    else:
        subject = _("Messaggio dell'%(office)s – %(town)s") % {"office": office, "town": town.name}
    lines = [message.text.strip(), "", "—"]
    if submission is not None:
        lines += [
            _("Riferimento della Sua richiesta: %(reference)s") % {"reference": submission.reference},
            _("Può seguirne lo stato a questo indirizzo: %(url)s") % {"url": tracking_url(submission)},
            "",
        ]
    lines += [
        _("Per scrivere ancora all'ufficio può usare il modulo: %(url)s") % {"url": form_url(webform)},
        f"{office} – {town.name}",
    ]
    domain = sender.rsplit("@", 1)[-1].rstrip(">") or "localhost"
    headers = {"Message-ID": make_msgid(domain=domain)}
    if message.author_id is None:
        headers["Auto-Submitted"] = "auto-replied"  # automatic replies (office hours…) say so, against loops
    if submission is not None:
        headers["X-Sportello-Reference"] = submission.reference
    email = EmailMessage(subject, "\n".join(lines), sender, [recipient], headers=headers, reply_to=reply_to)
    for attachment in message.attachments.all():
        if attachment.file:
            with attachment.file.open("rb") as handle:
                email.attach(attachment.filename or attachment.file.name.rsplit("/", 1)[-1], handle.read(),
                             attachment.mime_type or None)
    return email


def as_stdlib(email: EmailMessage) -> StdlibMessage:
    """The same message built with the standard library's modern API (clean RFC 2047 headers) for the
    mailbox's own SMTP sender."""
    message = StdlibMessage()
    message["Subject"] = email.subject
    message["From"] = email.from_email
    message["To"] = ", ".join(email.to)
    if email.reply_to:
        message["Reply-To"] = ", ".join(email.reply_to)
    message["Date"] = formatdate(localtime=True)
    for name, value in email.extra_headers.items():
        message[name] = value
    message.set_content(email.body)
    for filename, content, mime_type in email.attachments:
        maintype, _slash, subtype = (mime_type or "application/octet-stream").partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def deliver(mailbox: Any, email: EmailMessage) -> str:
    """Send it; returns its Message-ID. Raises TransportError (permanent for 5xx answers)."""
    if mailbox is not None:
        from sportello.connectors.email.smtp import send_email

        send_email(mailbox, as_stdlib(email))
        return str(email.extra_headers["Message-ID"])
    try:
        get_connection(fail_silently=False).send_messages([email])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        raise TransportError("recipient refused", code=codes[0] if codes else None, permanent=permanent,
                             title=_("indirizzo e-mail del cittadino rifiutato")) from exc
    except smtplib.SMTPResponseException as exc:
        raise TransportError(f"SMTP error {exc.smtp_code}", code=exc.smtp_code, permanent=exc.smtp_code >= 500,
                             title=_("messaggio rifiutato dal server di posta")) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TransportError(f"SMTP unreachable: {type(exc).__name__}",
                             title=_("server di posta non raggiungibile")) from exc
    return str(email.extra_headers["Message-ID"])
