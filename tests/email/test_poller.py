"""The IMAP poller against the real Dovecot: stored first, marked after; nothing lost, nothing doubled."""

from __future__ import annotations

import threading
import time
from email.message import EmailMessage

import pytest

from sportello.connectors.email import parser, poller
from sportello.conversations import ingest
from sportello.conversations.models import Conversation, InboundEvent, Message
from tests.email.conftest import CITIZEN, URP

pytestmark = pytest.mark.django_db


def citizen_mail(subject: str = "Buca in via Roma", msgid: str = "<c1@example.test>", **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Mario Rossi <{CITIZEN}>"
    message["To"] = URP
    message["Subject"] = subject
    message["Message-ID"] = msgid
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Buongiorno, in via Roma c'è una buca pericolosa.")
    return message


def flags_of(mailserver, folder: str = "INBOX") -> list[tuple]:
    return [flags for _uid, _raw, flags in mailserver.wait_for(URP, lambda found: True, folder=folder)]


def test_new_mail_is_stored_before_it_is_marked_seen(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailserver.deliver(citizen_mail(), sender=CITIZEN, recipients=[URP])
    [(uid, _raw, flags)] = mailserver.wait_for(URP, lambda found: len(found) == 1)
    assert b"\\Seen" not in flags

    observed = []

    def after_store(uids):  # between the committed store and the flag
        observed.append((uids, InboundEvent.objects.filter(channel="email").count(), flags_of(mailserver)))

    assert poller.poll_once(mailbox, after_store=after_store) == 1
    assert observed == [([uid], 1, [(b"\\Recent",)])] or observed == [([uid], 1, [()])]
    assert b"\\Seen" in flags_of(mailserver)[0]
    mailbox.refresh_from_db()
    assert mailbox.last_uid == uid and mailbox.uid_validity and mailbox.last_error == ""

    event = InboundEvent.objects.get(channel="email")
    meta, raw = parser.unpack(bytes(event.body))
    assert meta == {"mailbox": mailbox.pk, "address": URP, "uid": uid, "uidvalidity": mailbox.uid_validity}
    assert b"Message-ID: <c1@example.test>" in raw
    assert poller.poll_once(mailbox) == 0  # nothing new


def test_a_crash_between_store_and_flag_loses_nothing_and_doubles_nothing(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailserver.deliver(citizen_mail(), sender=CITIZEN, recipients=[URP])
    mailserver.wait_for(URP, lambda found: len(found) == 1)

    def crash(uids):
        raise RuntimeError("the worker died here")

    with pytest.raises(RuntimeError):
        poller.poll_once(mailbox, after_store=crash)
    assert b"\\Seen" not in flags_of(mailserver)[0]  # not marked: it will be fetched again
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 0

    assert poller.poll_once(mailbox) == 1
    assert InboundEvent.objects.filter(channel="email").count() == 2
    ingest.drain()
    assert list(InboundEvent.objects.order_by("pk").values_list("state", "summary__messages", "summary__duplicates")) == [
        ("done", 1, 0), ("done", 0, 1)
    ]
    message = Message.objects.get()
    assert (message.direction, message.text) == ("in", "Buongiorno, in via Roma c'è una buca pericolosa.")
    assert message.conversation.account.channel == "email"
    assert message.payload["subject"] == "Buca in via Roma"


def test_a_done_folder_receives_the_stored_messages(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailbox.done_folder = "Acquisiti"
    mailbox.save()
    mailserver.empty(URP, folder="Acquisiti")
    mailserver.deliver(citizen_mail(), sender=CITIZEN, recipients=[URP])
    mailserver.wait_for(URP, lambda found: len(found) == 1)
    assert poller.poll_once(mailbox) == 1
    mailserver.wait_for(URP, lambda found: found == [])
    mailserver.wait_for(URP, lambda found: len(found) == 1, folder="Acquisiti")


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_waits_with_idle_and_picks_up_new_mail_at_once(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailbox.poll_seconds = 3600  # only IDLE can bring the message in within the test's time
    mailbox.save()
    stop = threading.Event()
    thread = threading.Thread(target=poller.loop, args=(stop,), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while last_polled_at(mailbox.pk) is None and time.monotonic() < deadline:
            time.sleep(0.1)  # the first round (nothing to fetch) is done: the watcher is in IDLE now
        time.sleep(0.3)
        mailserver.deliver(citizen_mail(), sender=CITIZEN, recipients=[URP])
        deadline = time.monotonic() + 10
        while not InboundEvent.objects.filter(channel="email").exists():
            assert time.monotonic() < deadline, "IDLE did not bring the new message in"
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""  # brought in by IDLE, not by a reconnection after an error
    ingest.drain()
    assert Conversation.objects.get().account == mailbox.account


def last_polled_at(pk: int):
    from sportello.connectors.email.models import Mailbox

    return Mailbox.objects.get(pk=pk).last_polled_at


def test_imaps_and_a_new_uidvalidity(mailserver, make_mailbox):
    mailbox = make_mailbox()
    mailbox.imap_url = mailserver.imap_url(URP, implicit_tls=True)  # TLS from the first byte
    mailbox.save()
    mailserver.deliver(citizen_mail(), sender=CITIZEN, recipients=[URP])
    mailserver.wait_for(URP, lambda found: len(found) == 1)
    assert poller.poll_once(mailbox) == 1
    assert poller.poll_once(mailbox) == 0
    # The folder was recreated (its UIDs mean something else now): it is read again from the start, and the copy
    # of an already stored message has no effect downstream.
    mailbox.uid_validity += 1
    mailbox.save()
    assert poller.poll_once(mailbox) == 1
    ingest.drain()
    assert Message.objects.count() == 1
    assert InboundEvent.objects.filter(channel="email").count() == 2
