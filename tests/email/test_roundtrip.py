"""End to end over real servers: SMTP → Dovecot → the worker's IMAP loop → inbox; the operator's reply over the
REST API → outbox → OpenSMTPD → the citizen's mailbox, threaded. Auto-replies and bounces never reach the inbox;
lists are joined by e-mail with the consent question answered by e-mail."""

from __future__ import annotations

import threading
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from django.contrib.auth import get_user_model

from sportello.api.models import ApiToken
from sportello.connectors.email import poller
from sportello.conversations.models import Conversation, InboundEvent, Message
from sportello.municipalities.models import StaffMembership
from tests.sending import run_sender
from tests.email.conftest import CITIZEN, URP

pytestmark = pytest.mark.django_db(transaction=True)


def read(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def mail(text: str, subject: str, msgid: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Mario Rossi <{CITIZEN}>"
    message["To"] = URP
    message["Subject"] = subject
    message["Message-ID"] = msgid
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


class Office:
    """The worker's e-mail loop on a thread, and a way to wait until what the server holds has been processed."""

    def __init__(self, world, mailserver, mailbox):  # type: ignore[no-untyped-def]
        self.world, self.mailserver, self.mailbox = world, mailserver, mailbox
        self.stop = threading.Event()
        self.thread = threading.Thread(target=poller.loop, args=(self.stop,), daemon=True)
        self.thread.start()

    def receive(self, message: EmailMessage | bytes, sender: str = CITIZEN, events: int = 1) -> None:
        before = InboundEvent.objects.filter(channel="email").count()
        self.mailserver.deliver(message, sender=sender, recipients=[URP])
        deadline = time.monotonic() + 15
        while InboundEvent.objects.filter(channel="email").count() < before + events:
            assert time.monotonic() < deadline, "the poller did not store the new mail"
            time.sleep(0.1)
        self.world.settle()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=20)


@pytest.fixture
def office(world, mailserver, make_mailbox):
    office = Office(world, mailserver, make_mailbox(world.municipality))
    yield office
    office.close()


def test_an_email_becomes_a_conversation_and_the_reply_arrives_threaded(office, world, mailserver):
    office.receive(mail("Buongiorno, in via Roma c'è una buca pericolosa.\n\n-- \nMario Rossi\nVia Roma 3",
                        "Buca in via Roma", "<c1@example.test>"))
    message = Message.objects.get(direction="in")
    conversation = message.conversation
    assert (conversation.account.channel, conversation.account) == ("email", office.mailbox.account)
    assert message.text == "Buongiorno, in via Roma c'è una buca pericolosa."
    assert conversation.citizen.display_name == "Mario Rossi"
    assert [i.kind for i in conversation.citizen.identities.all()] == ["email"]
    [(_uid, _raw, flags)] = mailserver.wait_for(URP, lambda found: len(found) == 1)
    assert b"\\Seen" in flags

    user = get_user_model().objects.create_user("operatrice", password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=world.municipality)
    _, token = ApiToken.issue(user)
    response = world.http.post(
        f"{world.sportello_url}/api/v1/conversations/{conversation.pk}/messages",
        json={"type": "text", "text": "Grazie, abbiamo avvisato l'ufficio strade."},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    world.settle()

    [(_uid, raw, _flags)] = mailserver.wait_for(CITIZEN, lambda found: len(found) == 1)
    received = read(raw)
    reply = Message.objects.get(direction="out")
    assert reply.status == "sent"
    assert received["In-Reply-To"] == "<c1@example.test>"
    assert received["References"] == "<c1@example.test>"
    assert received["Subject"] == "Re: Buca in via Roma"
    assert received["Message-ID"] == f"<{reply.external_id}>"
    assert received["From"].addresses[0].addr_spec == URP
    assert "Auto-Submitted" not in received  # an operator wrote it
    assert received.get_content().strip() == "Grazie, abbiamo avvisato l'ufficio strade."

    # The citizen answers from their mail client: same conversation, linked to our reply, quotes stripped.
    office.receive(mail(
        "Perfetto, grazie.\n\nIl giorno lun 30 nov 2026 alle ore 12:00 URP <urp@comune.test> ha scritto:\n"
        "> Grazie, abbiamo avvisato l'ufficio strade.\n",
        "Re: Buca in via Roma", "<c2@example.test>",
        In_Reply_To=received["Message-ID"], References=f"<c1@example.test> {received['Message-ID']}",
    ))
    answer = Message.objects.get(direction="in", text="Perfetto, grazie.")
    assert answer.conversation == conversation and answer.reply_to == reply

    # An out-of-office answer and a bounce for our reply: recorded, never in the inbox.
    office.receive(mail("Sono fuori ufficio fino a lunedì.", "Risposta automatica: Re: Buca in via Roma",
                        "<ooo@example.test>", Auto_Submitted="auto-replied", In_Reply_To=received["Message-ID"]))
    office.receive(bounce_for(received["Message-ID"]), sender="")
    assert Message.objects.filter(direction="in").count() == 2
    assert Conversation.objects.count() == 1
    fields = [e.summary.get("fields") for e in InboundEvent.objects.order_by("pk")]
    assert fields[-2:] == [["auto_reply"], ["bounce"]]
    reply.refresh_from_db()
    assert (reply.status, reply.error_title) == ("failed", "indirizzo del destinatario inesistente")


def bounce_for(message_id: str) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.test>\r\n"
        f"To: {URP}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-9@mx.example.test>\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.test\r\n\r\n"
        f"Final-Recipient: rfc822; {CITIZEN}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: {URP}\r\nMessage-ID: {message_id}\r\n\r\n--B--\r\n"
    ).encode()


def test_joining_a_list_by_email_asks_for_consent_by_email(office, world, mailserver):
    from sportello.broadcasts.models import Subscription
    from sportello.citizens.models import ConsentRecord
    from sportello.policies.presets import apply_preset

    apply_preset("ancona", world.municipality)
    office.receive(mail("ISCRIVIMI", "Iscrizione", "<join-1@example.test>"))
    [(_uid, raw, _flags)] = mailserver.wait_for(CITIZEN, lambda found: len(found) == 1)
    question = read(raw)
    assert question["In-Reply-To"] == "<join-1@example.test>"
    assert question["Auto-Submitted"] == "auto-replied"  # Sportello's own answer: no auto-responder replies to it
    body = question.get_content()
    assert "Policy di UrpsuWhatsapp" in body
    assert "Per rispondere, scriva in risposta a questa e-mail: «Accetto» oppure «Non accetto»." in body
    assert not Subscription.objects.filter(active=True).exists()

    # The second step of the double opt-in: the answer comes from the same address, to our message.
    office.receive(mail(f"Accetto\n\n> {body.splitlines()[0]}\n", "Re: Iscrizione", "<join-2@example.test>",
                        In_Reply_To=question["Message-ID"]))
    texts = [read(r).get_content() for _u, r, _f in mailserver.wait_for(CITIZEN, lambda found: len(found) == 2)]
    assert texts[1].startswith("Benvenuto nella lista broadcast di UrpsuWhatsapp!")
    subscription = Subscription.objects.get(active=True)
    assert subscription.mailing_list.slug == "notizie"
    assert subscription.account == office.mailbox.account
    record = ConsentRecord.objects.get(action="accepted")
    assert (record.channel, record.words) == ("email", "Accetto")


def test_a_campaign_reaches_the_email_subscriber_by_email(office, world, mailserver, settings):
    from sportello.broadcasts import sender, services
    from sportello.broadcasts.models import Campaign, Delivery
    from sportello.citizens.identity import SenderIdentity, resolve_citizen
    from sportello.municipalities.models import StaffMembership
    from tests.broadcasts import helpers as h

    settings.SPORTELLO_BROADCAST_IN_DOUBT_SECONDS = 1
    town = world.municipality
    h.unlimited(world.number)
    alerts = h.make_list(town, "emergenze")
    subscriber = resolve_citizen(town, SenderIdentity(email=CITIZEN, name="Mario Rossi"))
    h.subscribe(alerts, subscriber, account=office.mailbox.account)  # joined by e-mail
    supervisor = h.staff(town, "supervisore", StaffMembership.Role.SUPERVISOR)
    alert = h.campaign(town, [alerts], author=supervisor, category=Campaign.Category.EMERGENCY,
                       title="Allerta meteo", link="https://comune.example/allerta")
    services.submit(alert, supervisor)
    services.approve(alert, supervisor)
    run_sender(sender, timeout=30)

    [(_uid, raw, _flags)] = mailserver.wait_for(CITIZEN, lambda found: len(found) == 1)
    copy = read(raw)
    assert copy["Subject"] == "Allerta meteo" and copy["Precedence"] == "bulk"
    body = copy.get_content().replace("\r\n", "\n")
    assert "Allerta meteo rossa: evitare i sottopassi." in body and "https://comune.example/allerta" in body
    [delivery] = Delivery.objects.filter(campaign=alert)
    assert (delivery.account_id, delivery.state) == (office.mailbox.account_id, "accepted")
    run_sender(sender, timeout=3)
    time.sleep(1)  # a second copy, if one had been sent, would be in the mailbox by now
    mailserver.wait_for(CITIZEN, lambda found: len(found) == 1, timeout=1)  # once


