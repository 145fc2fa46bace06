"""SMTP URLs, and sending through the real OpenSMTPD: delivered, refused for good, or to be retried."""

from __future__ import annotations

import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest

from sportello.connectors.base import TransportError
from sportello.connectors.email.endpoints import BadMailURL, parse_imap_url, parse_smtp_url
from sportello.connectors.email.smtp import send_email
from tests.email.conftest import CITIZEN, URP


def test_urls_are_parsed_with_percent_encoded_credentials():
    plain = parse_smtp_url("smtp://mail.comune.it:25")
    assert (plain.host, plain.port, plain.username, plain.starttls, plain.implicit_tls) == (
        "mail.comune.it", 25, "", "optional", False
    )
    login = parse_smtp_url("smtp://urp%40comune.it:p%40ss%3Aw%2Ford@smtp.comune.it:587")
    assert (login.username, login.password, login.port, login.starttls) == ("urp@comune.it", "p@ss:w/ord", 587, "required")
    tls = parse_smtp_url("smtps://urp%40comune.it:segreta@smtp.comune.it")
    assert (tls.port, tls.implicit_tls, tls.starttls) == (465, True, "never")
    imap = parse_imap_url("imaps://urp%40comune.it:segreta@imap.comune.it/Posta%20in%20arrivo")
    assert (imap.port, imap.path, imap.username, imap.implicit_tls) == (993, "Posta in arrivo", "urp@comune.it", True)
    assert parse_imap_url("imap://u:p@h").port == 143
    assert parse_smtp_url("smtp://h:2525?starttls=no&verify=no").starttls == "never"
    assert "segreta" not in repr(tls)
    for bad in ("http://h", "smtp://", "imaps://h:99999", "smtp://h:x"):
        with pytest.raises(BadMailURL):
            (parse_imap_url if bad.startswith("imap") else parse_smtp_url)(bad)


class Box:
    def __init__(self, address: str, smtp_url: str):
        self.address, self.smtp_url = address, smtp_url


def _email(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = URP
    message["To"] = to
    message["Subject"] = "Prova di invio"
    message["Message-ID"] = "<prova-1@comune.test>"
    message.set_content("Gentile cittadino, questa è una prova.")
    return message


def test_send_email_is_delivered_to_the_recipients_mailbox(mailserver):
    mailserver.empty(CITIZEN)
    send_email(Box(URP, mailserver.smtp_url), _email(CITIZEN))
    [(_uid, raw, _flags)] = mailserver.wait_for(CITIZEN, lambda found: len(found) == 1)
    received = BytesParser(policy=policy.default).parsebytes(raw)
    assert received["Message-ID"] == "<prova-1@comune.test>"
    assert received.get_content().strip() == "Gentile cittadino, questa è una prova."


def test_an_unknown_recipient_is_a_permanent_failure(mailserver):
    with pytest.raises(TransportError) as refused:
        send_email(Box(URP, mailserver.smtp_url), _email("nessuno@example.test"))
    assert refused.value.permanent and 500 <= refused.value.code < 600  # OpenSMTPD answers 524 here
    assert refused.value.title == "indirizzo del destinatario rifiutato"


def test_an_unreachable_server_is_retried():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with pytest.raises(TransportError) as unreachable:
        send_email(Box(URP, f"smtp://127.0.0.1:{closed}"), _email(CITIZEN))
    assert not unreachable.value.permanent
    assert unreachable.value.title == "server di posta non raggiungibile"


def test_login_without_starttls_is_refused_before_sending_the_password(mailserver):
    with pytest.raises(TransportError) as refused:
        send_email(Box(URP, f"smtp://urp%40comune.test:segreta@127.0.0.1:{mailserver.smtp_port}"), _email(CITIZEN))
    assert refused.value.title == "il server SMTP non offre STARTTLS" and not refused.value.permanent
