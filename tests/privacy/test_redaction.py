"""Redaction of one person from bodies that also hold other people's data (a webhook batch, an e-mail)."""

from __future__ import annotations

import json

from sportello.privacy.redaction import REDACTED, mentions, redact_bytes
from sportello.privacy.subject import phone_forms


def test_a_batch_keeps_the_other_citizen_and_stays_valid_json():
    body = json.dumps({"entry": [{"changes": [{"value": {
        "contacts": [{"wa_id": "393475551234", "profile": {"name": "Marta Pinna"}},
                     {"wa_id": "393489998877", "profile": {"name": "Giorgio Serra"}}],
        "messages": [{"from": "393475551234", "text": {"body": "Il cassonetto è pieno, via Garibaldi"}},
                     {"from": "393489998877", "text": {"body": "Info TARI"}}]}}]}]}, ensure_ascii=True).encode()
    needles = sorted(phone_forms("+393475551234") | {"Marta Pinna", "Il cassonetto è pieno, via Garibaldi"},
                     key=len, reverse=True)
    assert mentions(body, needles)  # the words are found in their \u00e8 escaped form too
    redacted = redact_bytes(body, needles)
    value = json.loads(redacted)["entry"][0]["changes"][0]["value"]
    assert [c["wa_id"] for c in value["contacts"]] == [REDACTED, "393489998877"]
    assert [m["text"]["body"] for m in value["messages"]] == [REDACTED, "Info TARI"]
    assert b"3475551234" not in redacted and b"Marta" not in redacted and b"Giorgio Serra" in redacted


def test_an_email_has_every_form_of_the_address_replaced():
    raw = b"From: Marta <marta.pinna@example.test>\r\nTo: urp@comune.test\r\n\r\nScrivo da marta.pinna@example.test\r\n"
    redacted = redact_bytes(raw, ["marta.pinna@example.test"])
    assert b"marta.pinna" not in redacted and b"urp@comune.test" in redacted


def test_phone_forms_cover_how_people_write_a_number():
    forms = phone_forms("+393475551234")
    assert {"+393475551234", "393475551234", "00393475551234", "3475551234", "347 555 1234"} <= forms
