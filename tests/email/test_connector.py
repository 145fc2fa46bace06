"""The e-mail connector's other duties, against the real server: who may be written to, campaigns, attachments."""

from __future__ import annotations

import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.connectors.base import CampaignItem, Connector
from sportello.connectors.email import poller
from sportello.connectors.registry import get_connector
from sportello.conversations import ingest
from sportello.conversations.models import Attachment
from tests.conftest import drain_all
from tests.email.conftest import CITIZEN, URP

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_registered_and_typed():
    connector = get_connector("email")
    assert isinstance(connector, Connector) and connector.channel == "email" and str(connector.label) == "E-mail"


def test_check_send_needs_an_email_identity(make_mailbox):
    mailbox = make_mailbox()
    connector = get_connector("email")
    municipality = mailbox.account.municipality
    by_mail = resolve_citizen(municipality, SenderIdentity(email=CITIZEN))
    by_phone = resolve_citizen(municipality, SenderIdentity(phone="+393331112233"))
    assert connector.check_send(mailbox.account, by_mail, "text").allowed
    assert connector.check_send(mailbox.account, by_mail, "document").allowed
    refused = connector.check_send(mailbox.account, by_phone, "text")
    assert (refused.allowed, refused.code) == (False, "no_recipient")
    assert refused.reason == "Il cittadino non ha un indirizzo e-mail a cui rispondere."
    assert connector.check_send(mailbox.account, by_mail, "template").code == "not_deliverable"


def test_send_many_delivers_each_copy_at_the_mailbox_rate(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailbox.rate_per_second = 4
    mailbox.save()
    municipality = mailbox.account.municipality
    mario = resolve_citizen(municipality, SenderIdentity(email=CITIZEN, name="Mario Rossi"))
    altro = resolve_citizen(municipality, SenderIdentity(email="altro@example.test"))
    nobody = resolve_citizen(municipality, SenderIdentity(email="nessuno@example.test"))
    phone_only = resolve_citizen(municipality, SenderIdentity(phone="+393331112233"))
    content = {"key": "campaign-1", "title": "Allerta meteo", "text": "Domani scuole chiuse.",
               "link": "https://comune.test/allerta", "media": ("avviso.pdf", PDF, "application/pdf")}
    items = [CampaignItem(n, 1, citizen, "free", content, callback_data=f"cb{n}")
             for n, citizen in enumerate([mario, altro, nobody, phone_only], start=1)]
    started = time.monotonic()
    outcomes = get_connector("email").send_many(mailbox.account, items)
    assert time.monotonic() - started >= 0.5  # three sends at 4 per second
    assert [(o.delivery_id, o.state) for o in outcomes] == [(1, "accepted"), (2, "accepted"), (3, "failed"), (4, "failed")]
    assert outcomes[0].external_id == "sportello.cb1@comune.test"
    assert outcomes[3].error_title == "nessun indirizzo e-mail"
    for user in (CITIZEN, "altro@example.test"):
        [(_uid, raw, _flags)] = mailserver.wait_for(user, lambda found: len(found) == 1)
        copy = BytesParser(policy=policy.default).parsebytes(raw)
        assert (copy["Subject"], copy["Precedence"], copy["Auto-Submitted"]) == ("Allerta meteo", "bulk", "auto-generated")
        assert copy.get_body(("plain",)).get_content().replace("\r\n", "\n").strip() == "Domani scuole chiuse.\n\nhttps://comune.test/allerta"
        [attachment] = copy.iter_attachments()
        assert (attachment.get_filename(), attachment.get_content()) == ("avviso.pdf", PDF)


@pytest.mark.django_db(transaction=True)  # the task worker that downloads media manages its own connections
def test_attachments_are_read_back_from_the_stored_message(mailserver, make_mailbox):
    mailbox = make_mailbox()
    message = EmailMessage()
    message["From"] = CITIZEN
    message["To"] = URP
    message["Subject"] = "Documento"
    message["Message-ID"] = "<doc-1@example.test>"
    message.set_content("Allego la domanda.")
    message.add_alternative("<p>Allego la <b>domanda</b>.</p>", subtype="html")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="domanda.pdf")
    mailserver.deliver(message, sender=CITIZEN, recipients=[URP])
    mailserver.wait_for(URP, lambda found: len(found) == 1)
    poller.poll_once(mailbox)
    ingest.drain()
    drain_all()  # the media downloads
    stored = {a.filename: a for a in Attachment.objects.all()}
    assert set(stored) == {"messaggio-originale.html", "domanda.pdf"}
    assert all(a.state == "ready" for a in stored.values())
    with stored["domanda.pdf"].file.open("rb") as handle:
        assert handle.read() == PDF
    with stored["messaggio-originale.html"].file.open("rb") as handle:
        assert handle.read().decode().strip() == "<p>Allego la <b>domanda</b>.</p>"
    assert stored["domanda.pdf"].message.text == "Allego la domanda."
