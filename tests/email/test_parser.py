"""Each fixture beside the e-mail parser goes in; the exact resulting update comes out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sportello.citizens.identity import SenderIdentity
from sportello.connectors.base import UnparseableBody
from sportello.connectors.email import parser
from sportello.conversations.keys import message_key

FIXTURES = Path(parser.__file__).parent / "fixtures"
CET = timezone(timedelta(hours=1))


def parse(name: str, *, address: str = "urp@comune.test"):
    return parser.parse_body(parser.pack((FIXTURES / name).read_bytes(), mailbox_id=7, address=address))


def only_message(name: str):
    batch = parse(name)
    assert not batch.statuses and not batch.others and not batch.problems
    assert len(batch.messages) == 1
    return batch.messages[0]


def test_every_kind_has_a_handler_and_a_fixture():
    assert set(parser.HANDLERS) == set(parser.KINDS)
    seen = set()
    for path in FIXTURES.glob("*.eml"):
        message = parser.read_message(path.read_bytes())
        seen.add(parser.classify(message, "urp@comune.test"))
    assert seen == set(parser.KINDS)


def test_plain():
    m = only_message("plain.eml")
    assert (m.channel, m.account_ref, m.external_id, m.kind) == ("email", "7", "CAF1234.plain@mail.example.test", "text")
    assert m.sender == SenderIdentity(email="mario.rossi@example.test", name="Mario Rossi")
    assert m.sent_at == datetime(2026, 11, 30, 9, 15, tzinfo=CET)
    assert m.text == (
        "Buongiorno,\nin via Roma all'altezza del civico 12 c'è una buca profonda: è pericolosa per chi va in "
        "bicicletta."
    )
    assert m.payload == {
        "subject": "Buca in via Roma pericolosa",
        "message_id": "CAF1234.plain@mail.example.test",
        "in_reply_to": [],
        "references": [],
        "full_text": (
            "Buongiorno,\nin via Roma all'altezza del civico 12 c'è una buca profonda: è pericolosa per chi va in "
            "bicicletta.\n\nCordiali saluti\n"
        ),
    }
    assert m.media == [] and m.context.external_id == ""


def test_reply_quoted_history_and_signature_are_stripped_and_the_thread_kept():
    m = only_message("reply_quoted.eml")
    assert m.text == "Grazie, la buca è ancora lì stamattina.\n\nMario Rossi"
    assert m.context.external_id == "sportello.abc123@comune.test"
    assert m.payload["in_reply_to"] == ["sportello.abc123@comune.test"]
    assert m.payload["references"] == ["CAF1234.plain@mail.example.test", "sportello.abc123@comune.test"]
    assert m.payload["subject"] == "Re: Buca in via Roma pericolosa"
    # The full original, quotes and signature included, is kept.
    assert "> abbiamo inoltrato la segnalazione all'ufficio strade." in m.payload["full_text"]
    assert "Inviato da iPhone" in m.payload["full_text"]


def test_html_only_is_reduced_to_safe_text_and_kept_as_an_attachment():
    m = only_message("html_only.eml")
    assert m.text == "Buongiorno,\nquali sono gli orari dell'anagrafe & dello stato civile?\n\nGrazie\nLucia"
    assert "alert" not in m.text and "color" not in m.text and "<" not in m.text
    assert m.sender == SenderIdentity(email="lucia@example.test", name="Lucia Bianchi")
    assert [(r.kind, r.mime_type, r.filename, r.media_id) for r in m.media] == [
        ("document", "text/html", "messaggio-originale.html", f"{message_key('email', 'html-only-1@example.test')}:0")
    ]


def test_attachments():
    m = only_message("attachments.eml")
    key = message_key("email", "attach-1@example.test")
    assert m.text == "Il lampione di piazza Garibaldi è spento da una settimana, allego la foto."
    assert m.kind == "text" and m.original_type == "multipart/mixed"
    assert [(r.kind, r.mime_type, r.filename, r.media_id) for r in m.media] == [
        ("document", "text/html", "messaggio-originale.html", f"{key}:3"),
        ("image", "image/jpeg", "lampione.jpg", f"{key}:4"),
        ("document", "application/pdf", "segnalazione.pdf", f"{key}:5"),
    ]
    raw = (FIXTURES / "attachments.eml").read_bytes()
    assert parser.part_bytes(parser.find_part(raw, "5")).startswith(b"%PDF-1.4")
    assert parser.find_part(raw, "3").get_content_type() == "text/html"


def test_auto_reply_is_not_a_message():
    batch = parse("auto_reply.eml")
    assert batch.messages == [] and batch.statuses == []
    assert [(o.field, o.value, o.account_ref) for o in batch.others] == [
        ("auto_reply", {"auto-submitted": "auto-replied", "precedence": "", "list": False}, "7")
    ]


def test_bulk_mail_is_not_a_message():
    batch = parse("bulk.eml")
    assert batch.messages == []
    assert [(o.field, o.value) for o in batch.others] == [
        ("auto_reply", {"auto-submitted": "", "precedence": "bulk", "list": False})
    ]


def test_our_own_address_as_sender_is_a_loop():
    batch = parse("loop.eml")
    assert batch.messages == [] and [(o.field, o.value) for o in batch.others] == [("loop", {})]
    # The same message to another mailbox is an ordinary message.
    assert len(parse("loop.eml", address="protocollo@comune.test").messages) == 1


def test_bounce_fails_the_message_it_returns():
    batch = parse("bounce.eml")
    assert batch.messages == []
    assert [(o.field, o.value) for o in batch.others] == [("bounce", {"action": "failed", "status": "5.1.1"})]
    [status] = batch.statuses
    assert (status.channel, status.account_ref, status.external_id, status.status) == (
        "email", "7", "sportello.f00d@comune.test", "failed"
    )
    assert status.at == datetime(2026, 12, 1, 12, 0, 3, tzinfo=CET)
    assert status.error_title == "indirizzo del destinatario inesistente"


@pytest.mark.parametrize(
    ("name", "receipt", "status", "title", "second"),
    [
        ("pec_accettazione.eml", "accettazione", "sent", "", 1),
        ("pec_consegna.eml", "avvenuta-consegna", "delivered", "", 4),
        ("pec_errore_consegna.eml", "errore-consegna", "failed", "PEC non consegnata", 1),
    ],
)
def test_pec_receipts_are_statuses_of_the_message_they_confirm(name, receipt, status, title, second):
    batch = parse(name)
    assert batch.messages == []
    assert [(o.field, o.value) for o in batch.others] == [(f"pec:{receipt}", {"receipt": receipt})]
    [update] = batch.statuses
    assert (update.external_id, update.status, update.error_title) == ("sportello.pec1@pec.comune.test", status, title)
    assert update.at == datetime(2026, 12, 1, 12, 0, second, tzinfo=CET)


def test_certified_message_is_read_from_its_pec_envelope():
    m = only_message("pec_posta_certificata.eml")
    assert m.external_id == "anna-1@pec.example.test"
    assert m.sender == SenderIdentity(email="anna.neri@pec.example.test", name="Anna Neri")
    assert m.text == "Chiedo il rilascio del certificato di residenza. Allego il documento d'identità."
    assert m.sent_at == datetime(2026, 12, 4, 9, 0, 0, tzinfo=CET)
    assert m.payload["pec"] is True
    assert m.payload["pec_envelope_id"] == "opec210.20261204090001.777.1.1@pec.provider.test"
    key = message_key("email", "anna-1@pec.example.test")
    assert [(r.mime_type, r.filename, r.media_id) for r in m.media] == [("application/pdf", "documento.pdf", f"{key}:p2")]
    raw = (FIXTURES / "pec_posta_certificata.eml").read_bytes()
    assert parser.part_bytes(parser.find_part(raw, "p2")) == b"%PDF-1.4\n%%EOF\n"


def test_a_message_without_message_id_gets_a_stable_one():
    first = only_message("no_message_id.eml")
    again = only_message("no_message_id.eml")
    assert first.external_id == again.external_id
    assert first.external_id.startswith("sportello-") and first.external_id.endswith("@missing-message-id")
    assert first.sender == SenderIdentity(email="paolo@example.test")
    assert first.text == "Quando apre la biblioteca?"


def test_a_date_in_the_future_counts_as_now():
    raw = (FIXTURES / "plain.eml").read_bytes().replace(b"Mon, 30 Nov 2026", b"Mon, 30 Nov 2099")
    [m] = parser.parse_body(parser.pack(raw, mailbox_id=7, address="urp@comune.test")).messages
    assert m.sent_at <= datetime.now(timezone.utc)


def test_a_body_without_its_envelope_or_headers_is_flagged():
    with pytest.raises(UnparseableBody):
        parser.parse_body(b"From: a@b.test\r\n\r\nciao")
    with pytest.raises(UnparseableBody):
        parser.parse_body(parser.pack(b"", mailbox_id=1, address="urp@comune.test"))
