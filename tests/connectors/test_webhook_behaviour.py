"""The webhook's contract: signatures, durability, batching, idempotence, ordering, identity changes."""

from __future__ import annotations

import json

import pytest

from sportello.citizens.models import Citizen, Identity
from sportello.conversations import ingest
from sportello.conversations.models import DeliveryStatus, InboundEvent, Message
from tests.conftest import VERIFY_TOKEN, post_webhook, sign
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db


def test_handshake(client, number):
    ok = client.get("/webhooks/whatsapp", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"})
    assert ok.status_code == 200 and ok.content == b"42"
    bad = client.get("/webhooks/whatsapp", {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"})
    assert bad.status_code == 403


def test_signature_over_unicode_escaped_body(client, number):
    document = p.body(p.text_message("Perché la TARI è aumentata? €"))
    escaped = json.dumps(document, ensure_ascii=True).encode()
    assert b"\\u00e9" in escaped  # what Meta sends and signs
    assert post_webhook(client, escaped).status_code == 200
    # The same JSON re-serialised with real characters is a different byte string: its signature must not pass.
    literal = json.dumps(document, ensure_ascii=False).encode()
    assert post_webhook(client, literal, signature=sign(escaped)).status_code == 401
    ingest.drain()
    assert Message.objects.get().text == "Perché la TARI è aumentata? €"


@pytest.mark.parametrize("signature", ["", "sha256=", "sha256=" + "0" * 64, "md5=abc", None])
def test_invalid_or_missing_signature_is_401_and_stores_nothing(client, number, signature, caplog):
    raw = json.dumps(p.body(p.text_message("ciao"))).encode()
    headers = {} if signature is None else {"HTTP_X_HUB_SIGNATURE_256": signature}
    response = client.post("/webhooks/whatsapp", data=raw, content_type="application/json", **headers)
    assert response.status_code == 401
    assert not InboundEvent.objects.exists() and not Message.objects.exists()
    assert "invalid or missing signature" in caplog.text
    assert "393331234567" not in caplog.text


def test_wrong_secret_is_401(client, number):
    raw = json.dumps(p.body(p.text_message("ciao"))).encode()
    assert post_webhook(client, raw, secret="another-apps-secret").status_code == 401


def test_batch_of_entries_with_messages_and_statuses(client, number):
    first = p.text_message("prima", phone="393330000001")
    second = p.text_message("seconda", phone="393330000002")
    third = p.text_message("terza", phone="393330000001")
    statuses = p.status("wamid.OURS", "delivered")
    document = p.body(first, second, third, statuses, entries=2)
    assert len(document["entry"]) == 2
    # And several messages inside one change, too.
    document["entry"][0]["changes"][0]["value"]["messages"].append(p.text_message("quarta", phone="393330000003")["messages"][0])
    document["entry"][0]["changes"][0]["value"]["contacts"].append({"wa_id": "393330000003", "profile": {"name": "C"}})
    assert post_webhook(client, document).status_code == 200
    ingest.drain()
    assert sorted(Message.objects.values_list("text", flat=True)) == ["prima", "quarta", "seconda", "terza"]
    assert Citizen.objects.count() == 3
    assert DeliveryStatus.objects.filter(status="delivered").count() == 1
    assert InboundEvent.objects.get().summary["messages"] == 4


def test_triple_delivery_has_one_effect(client, number):
    document = p.body(p.text_message("buca in via Roma", message_id="wamid.SAME"), p.status("wamid.X", "sent"))
    for _ in range(3):
        assert post_webhook(client, document).status_code == 200
    ingest.drain()
    assert Message.objects.count() == 1
    assert DeliveryStatus.objects.count() == 1
    conversation = Message.objects.get().conversation
    assert conversation.unread_count == 1
    assert [e.summary.get("duplicates", 0) for e in InboundEvent.objects.order_by("pk")] == [0, 1, 1]


def _our_sent_message(client, external_id: str) -> Message:  # type: ignore[no-untyped-def]
    """A citizen wrote; the office's answer was accepted by the channel under `external_id`."""
    from sportello.conversations.keys import message_key

    post_webhook(client, p.body(p.text_message("ciao")))
    ingest.drain()
    conversation = Message.objects.get().conversation
    return Message.objects.create(
        municipality=conversation.municipality, conversation=conversation, direction="out", kind="text",
        text="risposta", external_id=external_id, external_key=message_key("whatsapp", external_id), status="accepted",
    )


def test_statuses_are_monotonic_whatever_the_order(client, number):
    ours = _our_sent_message(client, "wamid.OUT1")
    for state in ("read", "sent", "delivered"):
        post_webhook(client, p.body(p.status("wamid.OUT1", state)))
    ingest.drain()
    ours.refresh_from_db()
    assert ours.status == "read"
    assert set(ours.statuses.values_list("status", flat=True)) == {"sent", "delivered", "read"}
    # A late failure cannot undo a read message.
    post_webhook(client, p.body(p.status("wamid.OUT1", "failed", errors=[{"code": 131026, "title": "x"}])))
    ingest.drain()
    ours.refresh_from_db()
    assert ours.status == "read"


def test_a_batch_of_events_applies_each_status_once(client, number, django_assert_max_num_queries):
    """Statuses of many events are applied together: a retry of the same status is a duplicate, the events'
    summaries count what each brought, and the message ends at its highest status."""
    ours = _our_sent_message(client, "wamid.OUT2")
    for state in ("delivered", "sent", "delivered", "read"):  # Meta retries the delivered one
        post_webhook(client, p.body(p.status("wamid.OUT2", state)))
    post_webhook(client, p.body(p.status("wamid.NOT_OURS", "read")))  # an orphan, kept for later
    with django_assert_max_num_queries(20):  # one at a time it took about six per status (30 here)
        ingest.drain()
    ours.refresh_from_db()
    assert ours.status == "read"
    assert sorted(ours.statuses.values_list("status", flat=True)) == ["delivered", "read", "sent"]
    assert DeliveryStatus.objects.filter(message__isnull=True).count() == 1
    summaries = [e.summary["statuses"] for e in InboundEvent.objects.order_by("pk")][1:]
    assert summaries == [1, 1, 0, 1, 1]


def test_status_before_the_send_is_recorded_is_applied_later(client, number):
    post_webhook(client, p.body(p.text_message("ciao")))
    post_webhook(client, p.body(p.status("wamid.LATE", "delivered")))
    ingest.drain()
    from sportello.conversations.keys import message_key
    from sportello.conversations.statuses import attach_orphan_statuses

    conversation = Message.objects.get().conversation
    ours = Message.objects.create(
        municipality=conversation.municipality, conversation=conversation, direction="out", kind="text",
        external_id="wamid.LATE", external_key=message_key("whatsapp", "wamid.LATE"), status="accepted",
    )
    attach_orphan_statuses(ours)
    ours.refresh_from_db()
    assert ours.status == "delivered"


def test_username_only_citizen_and_later_phone(client, number):
    post_webhook(client, p.body(p.text_message("ciao", phone="", bsuid="IT.1234567890123456789", username="mario")))
    ingest.drain()
    citizen = Citizen.objects.get()
    assert citizen.username == "mario"
    assert list(citizen.identities.values_list("kind", flat=True)) == ["bsuid"]
    # Later the same person writes with the phone visible too: same citizen, phone attached.
    post_webhook(client, p.body(p.text_message("di nuovo", phone="393331112222", bsuid="IT.1234567890123456789")))
    ingest.drain()
    assert Citizen.objects.count() == 1
    assert sorted(citizen.identities.values_list("kind", flat=True)) == ["bsuid", "phone"]


def test_number_change_relinks_identity(client, number):
    post_webhook(client, p.body(p.text_message("ciao", phone="393331111111")))
    ingest.drain()
    citizen = Citizen.objects.get()
    change = {"messages": [{
        "from": "393331111111", "id": p.wamid(), "timestamp": "1753851315", "type": "system",
        "system": {"body": "User changed from 393331111111 to 393332222222", "wa_id": "393332222222", "type": "user_changed_number"},
    }]}
    post_webhook(client, p.body(change))
    ingest.drain()
    post_webhook(client, p.body(p.text_message("dal numero nuovo", phone="393332222222")))
    ingest.drain()
    assert Citizen.objects.count() == 1
    phones = {i.value: i.active for i in citizen.identities.filter(kind=Identity.Kind.PHONE)}
    assert phones == {"+393331111111": False, "+393332222222": True}
    assert Message.objects.filter(conversation__citizen=citizen).count() == 3


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b'{"object": "whatsapp_business_account"}', b"\xff\xfe"])
def test_malformed_body_with_valid_signature_is_stored_flagged_and_acknowledged(client, number, raw):
    response = post_webhook(client, raw)
    assert response.status_code == 200
    ingest.drain()
    event = InboundEvent.objects.get()
    assert event.state == InboundEvent.State.FLAGGED and event.problem
    assert bytes(event.body) == raw


def test_message_for_unknown_number_is_flagged_not_lost(client, number):
    document = p.body(p.text_message("ciao"))
    document["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "000"
    post_webhook(client, document)
    ingest.drain()
    event = InboundEvent.objects.get()
    assert event.state == InboundEvent.State.FLAGGED and "unknown account" in event.problem


def test_raw_body_is_encrypted_at_rest(client, number):
    post_webhook(client, p.body(p.text_message("ciao", phone="393339998877")))
    from django.db import connections

    from sportello.conversations.routers import inbound_alias

    with connections[inbound_alias()].cursor() as cursor:
        cursor.execute("SELECT body FROM conversations_inboundevent")
        stored = bytes(cursor.fetchone()[0])
    assert b"393339998877" not in stored and b"ciao" not in stored
