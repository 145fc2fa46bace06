"""Sending through the sandbox: interactive buttons and lists, reply context, mark-as-read, retries and failures."""

from __future__ import annotations

import pytest

from sportello.conversations import outbound
from sportello.conversations.models import Conversation, Message
from sportello.conversations.receipts import mark_conversation_read

pytestmark = pytest.mark.django_db(transaction=True)
CITIZEN = "+393205556677"


def _conversation(world) -> Conversation:
    world.citizen_sends_text(CITIZEN, "Vorrei informazioni sulla TARI")
    world.settle()
    return Conversation.objects.get()


def _chat(world) -> list[dict]:
    return world.http.get(f"{world.sandbox.base_url}/sandbox/phone/chat", params={"citizen": CITIZEN}).json()["messages"]


def test_reply_buttons_and_the_tap_coming_back(world):
    conversation = _conversation(world)
    buttons = {"type": "button", "body": {"text": "Di quale servizio ha bisogno?"}, "action": {"buttons": [
        {"type": "reply", "reply": {"id": "tari-rate", "title": "Rate TARI"}},
        {"type": "reply", "reply": {"id": "tari-riduzioni", "title": "Riduzioni"}},
    ]}}
    sent = outbound.queue_message(conversation, "interactive", payload={"interactive": buttons})
    world.settle()
    [item] = world.inbox(CITIZEN)
    assert item["buttons"] == [{"id": "tari-rate", "title": "Rate TARI"}, {"id": "tari-riduzioni", "title": "Riduzioni"}]
    sent.refresh_from_db()
    world.citizen_sends(CITIZEN, type="interactive", interactive={"type": "button_reply", "id": "tari-riduzioni",
                                                                  "title": "Riduzioni"}, context={"message_id": item["id"]})
    world.settle()
    tap = Message.objects.get(kind="interactive", direction="in")
    assert (tap.payload["id"], tap.text, tap.reply_to_id) == ("tari-riduzioni", "Riduzioni", sent.pk)


def test_list_message(world):
    conversation = _conversation(world)
    rows = [{"id": f"ufficio-{i}", "title": f"Ufficio {i}"} for i in range(1, 11)]
    listing = {"type": "list", "body": {"text": "Scelga l'ufficio"}, "action": {
        "button": "Uffici", "sections": [{"title": "Uffici comunali", "rows": rows}]}}
    outbound.queue_message(conversation, "interactive", payload={"interactive": listing})
    world.settle()
    [item] = world.inbox(CITIZEN)
    assert [r["id"] for s in item["list"]["sections"] for r in s["rows"]] == [r["id"] for r in rows]


def test_reply_context_and_mark_as_read(world):
    conversation = _conversation(world)
    question = Message.objects.get(direction="in")
    assert [m["status"] for m in _chat(world) if m["direction"] == "in"] == ["delivered"]
    mark_conversation_read(conversation)
    world.settle()
    assert [m["status"] for m in _chat(world) if m["direction"] == "in"] == ["read"]
    conversation.refresh_from_db()
    assert conversation.unread_count == 0
    outbound.queue_text(conversation, "Le rate scadono il 16 giugno e il 16 dicembre.", reply_to=question)
    world.settle()
    [item] = world.inbox(CITIZEN)
    assert item["context"]["message_id"] == [m for m in _chat(world) if m["direction"] == "in"][0]["id"]


def test_media_upload_then_send(world):
    conversation = _conversation(world)
    pdf = b"%PDF-1.4 modulo riduzione TARI"
    outbound.queue_message(conversation, "document", text="Il modulo", file=("riduzione-tari.pdf", pdf, "application/pdf"))
    world.settle()
    [item] = world.inbox(CITIZEN)
    assert (item["type"], item["media"]["filename"], item["text"]) == ("document", "riduzione-tari.pdf", "Il modulo")
    assert item["status"] == "delivered"
    import base64
    import hashlib

    assert item["media"]["sha256"] == base64.b64encode(hashlib.sha256(pdf).digest()).decode()  # Meta's encoding


def test_transient_errors_are_retried(world, settings):
    conversation = _conversation(world)
    world.sandbox_api("POST", "faults", json={"send_fail_times": 2, "code": 131000, "http_status": 500})
    message = outbound.queue_text(conversation, "Risposta dopo due errori")
    from sportello.conversations import outbox

    outbox.run_once()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error_code) == ("queued", 1, 131000)
    # Backoff: not due yet; make it due and try again, twice.
    for attempt in (2, 3):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        outbox.run_once()
        message.refresh_from_db()
        assert message.attempts == attempt
    world.settle()
    message.refresh_from_db()
    assert message.status == "delivered"
    assert [m["text"] for m in world.inbox(CITIZEN)] == ["Risposta dopo due errori"]


def test_permanent_error_is_shown_and_not_retried(world):
    conversation = _conversation(world)
    world.sandbox_api("POST", "faults", json={"send_fail_times": 1, "code": 131026, "http_status": 400})
    message = outbound.queue_text(conversation, "Non arriverà")
    world.settle()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error_code) == ("failed", 1, 131026)
    assert message.error_title == "Messaggio non recapitabile a questo numero."
    assert world.inbox(CITIZEN) == []


def test_username_only_citizen_is_answered_by_user_id(world):
    world.citizen_sends_text("@anna.b", "Buongiorno", name="Anna")
    world.settle()
    conversation = Conversation.objects.get()
    assert [i.kind for i in conversation.citizen.identities.all()] == ["bsuid"]
    outbound.queue_text(conversation, "Buongiorno Anna, come possiamo aiutarla?")
    world.settle()
    assert [(m["text"], m["status"]) for m in world.inbox("@anna.b")] == [
        ("Buongiorno Anna, come possiamo aiutarla?", "delivered")]
