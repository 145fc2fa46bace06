"""The sandbox's SMTP-less sender: with SPORTELLO_EMAIL_CAPTURE on, outgoing e-mail is kept (encrypted) in the
database for the sandbox e-mail page, and never leaves the machine."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any


def capture(mailbox: Any, message: EmailMessage) -> None:
    from sportello.connectors.email.models import CapturedEmail, Mailbox

    if not isinstance(mailbox, Mailbox):
        mailbox = Mailbox.objects.get(address=mailbox.address)
    CapturedEmail.objects.create(mailbox=mailbox, raw=bytes(message))
