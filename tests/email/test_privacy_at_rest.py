"""No citizen's e-mail address in clear anywhere we keep data (database files or a PostgreSQL dump, the data
directory, media, logs) after a real exchange: an e-mail with attachments in over IMAP, a reply out over SMTP."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest

from sportello.connectors.email import poller
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation
from tests.email.conftest import URP
from tests.stored import stored_bytes

pytestmark = pytest.mark.django_db(transaction=True)

LUCIA = "lucia.serra@example.test"


def test_no_address_in_clear(world, mailserver, make_mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    mailbox = make_mailbox(world.municipality)
    message = EmailMessage()
    message["From"] = f"Lucia Serra <{LUCIA}>"
    message["To"] = URP
    message["Subject"] = "Lampione spento"
    message["Message-ID"] = "<lucia-1@example.test>"
    message.set_content("Il lampione di via Verdi è spento.")
    message.add_alternative("<p>Il lampione di <b>via Verdi</b> è spento.</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf", filename="foto.pdf")
    mailserver.deliver(message, sender=LUCIA, recipients=[URP])
    mailserver.wait_for(URP, lambda found: len(found) == 1)
    assert poller.poll_once(mailbox) == 1
    world.settle()
    conversation = Conversation.objects.get(account=mailbox.account)
    outbound.queue_text(conversation, "Grazie, segnalato all'ufficio illuminazione.")
    world.settle()
    mailserver.wait_for(LUCIA, lambda found: len(found) == 1)
    assert Attachment.objects.filter(state="ready").count() == 2  # the PDF and the original HTML, on disk

    blobs = stored_bytes("email_mailbox")
    blobs["logs"] = caplog.text.encode()
    for name, blob in blobs.items():
        for needle in (LUCIA.encode(), LUCIA.upper().encode(), b"lucia.serra%40"):
            assert needle not in blob, f"{needle!r} found in clear in {name}"
    assert conversation.citizen.identities.get().masked != LUCIA
