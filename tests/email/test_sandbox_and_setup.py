"""The demo's e-mail sandbox (no mail server: what the office sends is captured) and configuration by environment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from sportello.connectors.email.models import CapturedEmail, Mailbox
from sportello.connectors.email.setup import configure_from_env, ensure_mailbox
from sportello.conversations import ingest, outbound, outbox
from sportello.conversations.models import Message
from sportello.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mailbox(settings):
    settings.SPORTELLO_EMAIL_CAPTURE = True
    municipality = Municipality.objects.create(slug="demo", name="Comune di Esempio")
    return ensure_mailbox(municipality, address="urp@comune-demo.test", smtp_url="smtp://127.0.0.1:9")


def test_a_citizen_writes_from_the_sandbox_and_reads_the_reply_there(client, demo_mailbox):
    page = "/sandbox-email/"
    response = client.post(page, {"address": "Anna@Example.test", "name": "Anna Neri", "subject": "Orari",
                                  "text": "Quando apre l'anagrafe?"})
    assert response.status_code == 302 and response["Location"] == f"{page}?address=anna%40example.test"
    ingest.drain()
    question = Message.objects.get(direction="in")
    assert (question.text, question.payload["subject"]) == ("Quando apre l'anagrafe?", "Orari")
    assert question.conversation.account == demo_mailbox.account
    assert question.conversation.citizen.display_name == "Anna Neri"

    outbound.queue_text(question.conversation, "Dal lunedì al venerdì, 9-12.")
    outbox.drain()
    reply = Message.objects.get(direction="out")
    assert reply.status == "sent"
    [captured] = CapturedEmail.objects.all()
    assert captured.mailbox == demo_mailbox
    assert b"In-Reply-To: <" + question.external_id.encode() + b">" in bytes(captured.raw)

    html = client.get(page, {"address": "anna@example.test"}).content.decode()
    assert "Quando apre l&#x27;anagrafe?" in html and "Dal lunedì al venerdì, 9-12." in html
    assert 'value="Re: Orari"' in html  # the next e-mail answers the office's last one

    client.post(page, {"address": "anna@example.test", "subject": "Re: Orari", "text": "Grazie!"})
    ingest.drain()
    thanks = Message.objects.get(text="Grazie!")
    assert thanks.reply_to == reply and thanks.conversation == question.conversation


def test_the_sandbox_exists_only_while_capturing(client, demo_mailbox, settings):
    settings.SPORTELLO_EMAIL_CAPTURE = False
    assert client.get("/sandbox-email/").status_code == 404


def test_configure_from_env(settings):
    settings.EMAIL_ADDRESS = "URP@comune.test"
    settings.EMAIL_IMAP_URL = "imaps://urp%40comune.test:segreta@imap.comune.test/Posta%20in%20arrivo"
    settings.EMAIL_SMTP_URL = "smtp://urp%40comune.test:segreta@smtp.comune.test:587"
    settings.EMAIL_DISPLAY_NAME = "URP del Comune"
    settings.EMAIL_IS_PEC = True
    account = configure_from_env()
    assert account is not None and account.channel == "email"
    mailbox = Mailbox.objects.get()
    assert (mailbox.address, mailbox.folder, mailbox.is_pec, mailbox.display_name) == (
        "urp@comune.test", "Posta in arrivo", True, "URP del Comune"
    )
    assert mailbox.smtp_url == settings.EMAIL_SMTP_URL
    # Encrypted at rest: the password is nowhere in the row as stored.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT imap_url, smtp_url FROM email_mailbox")
        assert "segreta" not in repr(cursor.fetchall())
    assert configure_from_env() == account  # idempotent

    settings.EMAIL_SMTP_URL = "http://smtp.comune.test"
    with pytest.raises(ImproperlyConfigured):
        configure_from_env()
    settings.EMAIL_ADDRESS = ""
    assert configure_from_env() is None
