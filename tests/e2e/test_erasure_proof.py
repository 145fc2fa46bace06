"""The GDPR acceptance, end to end over HTTP: a citizen writes on WhatsApp (with a photo), on Telegram and through
the web form; an operator links the three records and opens a case. The export has their messages on every channel
and nothing of another citizen; after erasure their number (in every format), their ids and their words are in no
database file (SQLite with -wal/-shm, or a pg_dump), no media file, no log line and no API response."""

from __future__ import annotations

import json
import logging

import pytest

from sportello.api.models import ApiToken
from sportello.cases.seed import seed_departments
from sportello.cases.services import open_case
from sportello.citizens.links import link
from sportello.citizens.models import Citizen, Identity
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation, InboundEvent, Message
from sportello.privacy.subject import phone_forms
from tests.staff import make_staff
from tests.stored import stored_bytes
from tests.webform.conftest import PICTURE, form_fields

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "+393475551234"
OTHER_PHONE = "+393489998877"
TELEGRAM_USER = "@marta_pinna"
EMAIL = "marta.pinna@example.test"
NAME = "Marta Pinna"
WORDS = {
    "whatsapp": "Il cassonetto di via Garibaldi 42 trabocca da giorni",
    "photo": "Ecco la foto del cassonetto stracolmo",
    "telegram": "Quando riapre la biblioteca di Sant'Avendrace?",
    "webform": "La fontana di piazza Yenne perde acqua da ieri sera.",
}
OTHER_WORDS = "Buongiorno, chiedo informazioni sulla TARI del condominio"
# A JPEG whose bytes carry a marker, to find the stored file wherever it is copied.
PHOTO_MARKER = b"MARTA-PHOTO-7781"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\xff\xfe\x00\x12" + PHOTO_MARKER + b"\x00" * 32 + bytes.fromhex("ffd9")


def _exchange(world) -> None:
    world.citizen_sends_text(PHONE, WORDS["whatsapp"], name=NAME)
    world.citizen_sends_media(PHONE, "image", JPEG, "image/jpeg", caption=WORDS["photo"])
    world.citizen_sends_text(OTHER_PHONE, OTHER_WORDS, name="Giorgio Serra")
    world.telegram_user_sends_text(TELEGRAM_USER, WORDS["telegram"])
    response = world.http.get(f"{world.sportello_url}/assistenza/")
    response = world.http.post(f"{world.sportello_url}/assistenza/", data={
        **form_fields(response.text), "category": "c0", "message": WORDS["webform"], "address": "piazza Yenne",
        "email": EMAIL, "name": NAME, "consent": "on", "sito_web": "",
    }, files=[("attachments", ("fontana.png", PICTURE, "image/png"))])
    assert response.status_code == 302, response.text[:2000]
    world.settle()
    whatsapp = Conversation.objects.get(account__channel="whatsapp", citizen__display_name=NAME)
    outbound.queue_text(whatsapp, "Grazie, abbiamo avvisato l'igiene urbana.")
    world.settle()


def _records() -> dict[str, Citizen]:
    found = {}
    for channel in ("whatsapp", "telegram", "webform"):
        conversation = Conversation.objects.filter(account__channel=channel).exclude(citizen__display_name="Giorgio Serra").get()
        found[channel] = conversation.citizen
    return found


def _needles(records: dict[str, Citizen]) -> list[bytes]:
    found = set(phone_forms(PHONE)) | {EMAIL, NAME}
    for identity in Identity.objects.filter(citizen__in=records.values()):
        found.add(identity.value)
    found |= set(WORDS.values())
    return sorted({n.encode() for n in found} | {PHOTO_MARKER}, key=len)


def test_export_then_erasure_leaves_nothing(world, settings, caplog):
    caplog.set_level(logging.DEBUG)
    settings.SPORTELLO_WEBFORM_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from sportello.connectors.webform.setup import ensure_webform

    ensure_webform(world.municipality)
    _exchange(world)
    records = _records()
    supervisor = make_staff("dpo", world.municipality, role="supervisor")
    operator = make_staff("operatore", world.municipality)
    link(records["whatsapp"], records["telegram"], supervisor)
    link(records["whatsapp"], records["webform"], supervisor)
    department = seed_departments(world.municipality)[0]
    whatsapp_messages = Message.objects.filter(conversation__citizen=records["whatsapp"], direction="in")
    case = open_case(department=department, title=WORDS["whatsapp"][:60], description=WORDS["whatsapp"],
                     conversation=whatsapp_messages[0].conversation, messages=whatsapp_messages, actor=supervisor,
                     address="via Garibaldi 42")
    assert Attachment.objects.filter(message__conversation__citizen=records["whatsapp"]).exclude(file="").exists()
    needles = _needles(records)
    assert Identity.objects.filter(citizen=records["telegram"], kind="telegram").exists()

    _, privacy_token = ApiToken.issue(supervisor, scopes=["privacy"])
    _, read_token = ApiToken.issue(supervisor, scopes=["read"])
    api = f"{world.sportello_url}/api/v1"
    privacy = {"Authorization": f"Bearer {privacy_token}"}
    read = {"Authorization": f"Bearer {read_token}"}

    # An operator may not ask; a supervisor may.
    _, operator_token = ApiToken.issue(operator, scopes=["privacy"])
    denied = world.http.get(f"{api}/citizens/{records['telegram'].pk}/export",
                            headers={"Authorization": f"Bearer {operator_token}"})
    assert denied.status_code == 403

    # Access: every channel, every message, the identities in clear; nothing of the other citizen.
    response = world.http.get(f"{api}/citizens/{records['telegram'].pk}/export", headers=privacy)
    assert response.status_code == 200, response.text
    export = response.json()
    channels = {c["channel"]: [m["text"] for m in c["messages"]] for c in export["conversations"]}
    assert set(channels) == {"whatsapp", "telegram", "webform"}
    assert WORDS["whatsapp"] in channels["whatsapp"] and WORDS["photo"] in channels["whatsapp"]
    assert WORDS["telegram"] in channels["telegram"]
    assert any(WORDS["webform"] in text for text in channels["webform"])
    assert "Grazie, abbiamo avvisato l'igiene urbana." in channels["whatsapp"]
    identities = {i["kind"]: i["value"] for r in export["subject"]["records"] for i in r["identities"]}
    assert identities["phone"] == PHONE and identities["email"] == EMAIL
    assert [r["reference"] for r in export["data"]["cases.Case"]["rows"]] == [case.reference]
    text = json.dumps(export, ensure_ascii=False)
    for other in (OTHER_WORDS, OTHER_PHONE, OTHER_PHONE[1:], "Giorgio Serra"):
        assert other not in text
    pdf = world.http.get(f"{api}/citizens/{records['whatsapp'].pk}/export?format=pdf", headers=privacy)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # Before erasure the search finds them (so the search below searches something).
    before = stored_bytes("conversations_message")
    assert any(WORDS["whatsapp"].encode() in blob for blob in before.values())
    assert any(PHOTO_MARKER in blob for blob in before.values())

    refused = world.http.post(f"{api}/citizens/{records['webform'].pk}/erase", headers=privacy, json={})
    assert refused.status_code == 400
    response = world.http.post(f"{api}/citizens/{records['webform'].pk}/erase", headers=privacy,
                               json={"confirm": True, "reason": "richiesta via PEC"})
    assert response.status_code == 200, response.text
    assert sorted(response.json()["records"]) == sorted(c.pk for c in records.values())

    # The case is kept as a record, without the person.
    case.refresh_from_db()
    assert (case.citizen_id, case.conversation_id, case.description, case.address) == (None, None, "", "")
    assert not Citizen.objects.filter(pk__in=[c.pk for c in records.values()]).exists()
    assert Citizen.objects.filter(display_name="Giorgio Serra").exists()

    blobs = stored_bytes("conversations_message")
    blobs["logs"] = caplog.text.encode()
    for path in ("/conversations", "/cases", f"/cases/{case.pk}", f"/cases/{case.pk}/history", f"/cases/{case.pk}/attachments"):
        response = world.http.get(f"{api}{path}", headers=read)
        assert response.status_code == 200, (path, response.text)
        blobs[f"GET {path}"] = response.content
    for name, blob in blobs.items():
        for needle in needles:
            assert needle not in blob, f"{needle!r} still in {name}"
    # The other citizen is untouched: their words are still stored and served.
    assert any(OTHER_WORDS.encode() in blob for blob in blobs.values())
    assert world.http.get(f"{api}/citizens/{records['whatsapp'].pk}/export", headers=privacy).status_code == 404
    # The raw webhook bodies of the other citizen are still there to re-process.
    assert InboundEvent.objects.exists()
