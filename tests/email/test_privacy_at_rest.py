"""No citizen's e-mail address in clear anywhere we keep data (database files or a PostgreSQL dump, the data
directory, media, logs) after a real exchange: an e-mail with attachments in over IMAP, a reply out over SMTP."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sportello.connectors.email import poller
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation
from tests.email.conftest import URP

pytestmark = pytest.mark.django_db(transaction=True)

LUCIA = "lucia.serra@example.test"


def _stored_bytes() -> dict[str, bytes]:
    if connection.vendor == "sqlite":
        blobs = {str(p): p.read_bytes() for p in Path(settings.DATA_DIR).rglob("*") if p.is_file()}
        assert any(name.endswith("test.sqlite3") for name in blobs), blobs.keys()
    else:
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed for this check"
        db = connection.settings_dict
        dump = subprocess.run(
            [pg_dump, "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres",
             db["NAME"]], check=True, capture_output=True, env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
        ).stdout
        assert b"CREATE TABLE public.email_mailbox" in dump
        blobs = {"pg_dump": dump}
    blobs.update({str(p): p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()})
    return blobs


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

    blobs = _stored_bytes()
    blobs["logs"] = caplog.text.encode()
    for name, blob in blobs.items():
        for needle in (LUCIA.encode(), LUCIA.upper().encode(), b"lucia.serra%40"):
            assert needle not in blob, f"{needle!r} found in clear in {name}"
    assert conversation.citizen.identities.get().masked != LUCIA
