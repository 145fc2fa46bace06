"""Webhooks to Sportello: Cloud API shapes, signatures, statuses, retries, order and batching."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any

from .conftest import APP_SECRET, NUMBER, PNG, Receiver, Sandbox, fixture

CITIZEN = "+393331234567"


def fixture_value(name: str) -> dict[str, Any]:
    return fixture(name)["entry"][0]["changes"][0]["value"]


def assert_keys_cover(
    fixture_obj: dict[str, Any], ours: dict[str, Any], ignore: set[str] = frozenset()
) -> None:
    """Every key Meta's example has, we have too (recursively for nested objects)."""
    for key, value in fixture_obj.items():
        if key in ignore:
            continue
        assert key in ours, f"missing {key!r}: ours has {sorted(ours)}"
        if isinstance(value, dict):
            assert_keys_cover(value, ours[key], ignore)


def test_signature_covers_exact_unicode_escaped_bytes(sandbox: Sandbox, receiver: Receiver) -> None:
    result = sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Perché è così caro? 10 €"})
    assert result["webhook_status"] == 200
    post = receiver.posts[-1]
    body: bytes = post["body"]
    expected = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert post["headers"]["x-hub-signature-256"] == expected
    assert post["headers"]["content-type"] == "application/json"
    body.decode("ascii")  # nothing but ASCII on the wire
    assert b"\\u00e8" in body and b"\\u20ac" in body
    assert (
        json.loads(body)["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"]
        == "Perché è così caro? 10 €"
    )


def test_text_webhook_has_the_cloud_api_shape(sandbox: Sandbox, receiver: Receiver) -> None:
    wamid = sandbox.citizen(citizen=CITIZEN, name="Maria Verdi", type="text", text={"body": "Ciao"})["wamid"]
    payload = json.loads(receiver.posts[-1]["body"])
    assert payload["object"] == "whatsapp_business_account"
    assert payload["entry"][0]["id"] == NUMBER.waba_id
    assert payload["entry"][0]["changes"][0]["field"] == "messages"
    message, value = receiver.message(wamid)
    reference = fixture_value("text.json")
    assert_keys_cover(reference, value, ignore={"parent_user_id"})
    assert value["metadata"] == {
        "display_phone_number": NUMBER.display_phone_number,
        "phone_number_id": NUMBER.phone_number_id,
    }
    assert value["contacts"][0]["wa_id"] == "393331234567"
    assert value["contacts"][0]["profile"] == {"name": "Maria Verdi"}
    assert re.fullmatch(r"IT\.\d{19}", value["contacts"][0]["user_id"])
    assert message["from"] == "393331234567"
    assert message["from_user_id"] == value["contacts"][0]["user_id"]
    assert message["type"] == "text" and message["text"] == {"body": "Ciao"}
    assert message["id"].startswith("wamid.") and "393331234567" not in message["id"]
    assert message["timestamp"].isdigit()


def test_media_location_and_reply_webhooks_match_fixtures(sandbox: Sandbox, receiver: Receiver) -> None:
    image = sandbox.citizen(
        citizen=CITIZEN,
        type="image",
        image={
            "content_base64": base64.b64encode(PNG).decode(),
            "mime_type": "image/png",
            "caption": "La buca",
        },
    )["wamid"]
    voice = sandbox.citizen(
        citizen=CITIZEN,
        type="audio",
        audio={"content_base64": "T2dnUw==", "mime_type": "audio/ogg; codecs=opus", "voice": True},
    )["wamid"]
    location = sandbox.citizen(
        citizen=CITIZEN,
        type="location",
        location={
            "latitude": 41.89,
            "longitude": 12.48,
            "name": "Campidoglio",
            "address": "Piazza del Campidoglio 1",
            "url": "https://www.comune.roma.it",
        },
    )["wamid"]
    document = sandbox.citizen(
        citizen=CITIZEN,
        type="document",
        forwarded=True,
        document={
            "content_base64": "JVBERi0=",
            "mime_type": "application/pdf",
            "filename": "modulo.pdf",
            "caption": "caption",
        },
    )["wamid"]
    cases = [
        (image, "image_with_url.json"),
        (voice, "audio_voice.json"),
        (location, "location_named.json"),
        (document, "document.json"),
    ]
    for wamid, name in cases:
        message, _ = receiver.message(wamid)
        # the fixtures' location and document were forwarded, so they carry a context; ours carry one if asked
        assert_keys_cover(fixture_value(name)["messages"][0], message, ignore={"context"})
    image_message, _ = receiver.message(image)
    assert image_message["image"]["sha256"] == base64.b64encode(hashlib.sha256(PNG).digest()).decode()
    assert image_message["image"]["caption"] == "La buca"
    assert receiver.message(voice)[0]["audio"]["voice"] is True
    assert receiver.message(document)[0]["context"] == {"forwarded": True}

    reply = sandbox.citizen(
        citizen=CITIZEN, type="text", text={"body": "Come dicevo"}, context={"message_id": image}
    )["wamid"]
    # quoting their own message: context.from is the citizen
    assert receiver.message(reply)[0]["context"] == {"from": "393331234567", "id": image}


def test_username_only_citizen_has_no_phone_anywhere(sandbox: Sandbox, receiver: Receiver) -> None:
    first = sandbox.citizen(citizen="@mario.rossi", name="Mario", type="text", text={"body": "Ciao"})["wamid"]
    second = sandbox.citizen(citizen="@Mario.Rossi", type="text", text={"body": "Ci sei?"})["wamid"]
    message, value = receiver.message(first)
    reference = fixture_value("chatwoot_bsuid_only_text.json")
    assert_keys_cover(reference["messages"][0], message, ignore={"from_parent_user_id"})
    contact = value["contacts"][0]
    assert "wa_id" not in contact and "from" not in message
    assert contact["profile"] == {"name": "Mario", "username": "mario.rossi"}
    bsuid = contact["user_id"]
    assert re.fullmatch(r"IT\.\d{19}", bsuid) and message["from_user_id"] == bsuid
    assert receiver.message(second)[0]["from_user_id"] == bsuid  # stable per citizen

    response = sandbox.send({"recipient": bsuid, "type": "text", "text": {"body": "Eccoci"}})
    assert response.status_code == 200, response.text
    assert response.json()["contacts"] == [{"input": bsuid, "user_id": bsuid}]
    sent = receiver.wait_for_status(response.json()["messages"][0]["id"], "delivered")
    assert "recipient_id" not in sent and sent["recipient_user_id"] == bsuid


def test_sent_and_delivered_statuses_echo_biz_opaque_callback_data(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    wamid = sandbox.send_text(CITIZEN, "Le rispondiamo subito", biz_opaque_callback_data="delivery-42")
    delivered = receiver.wait_for_status(wamid, "delivered")
    statuses = receiver.statuses(wamid)
    assert [s["status"] for s in statuses] == ["sent", "delivered"]
    sent = statuses[0]
    assert_keys_cover(fixture_value("status_sent_biz_opaque_callback_data.json")["statuses"][0], sent)
    assert_keys_cover(fixture_value("status_delivered.json")["statuses"][0], delivered)
    assert sent["biz_opaque_callback_data"] == delivered["biz_opaque_callback_data"] == "delivery-42"
    assert sent["recipient_id"] == "393331234567"
    assert sent["pricing"] == {
        "billable": False,
        "pricing_model": "PMP",
        "type": "free_customer_service",
        "category": "service",
    }
    assert (
        "expiration_timestamp" in sent["conversation"]
        and "expiration_timestamp" not in delivered["conversation"]
    )
    _, value = next(u[1:] for u in receiver.updates() if u[0] == "status")
    assert_keys_cover(
        fixture_value("status_sent.json"),
        {**value, "statuses": value["statuses"]},
        ignore={"parent_user_id", "statuses"},
    )
    assert sandbox.inbox(CITIZEN)[-1]["status"] == "delivered"


def test_auto_read_sends_read_after_delivered(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.api("POST", "config", json={"auto_read": True})
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    wamid = sandbox.send_text(CITIZEN)
    receiver.wait_for_status(wamid, "read")
    assert [s["status"] for s in receiver.statuses(wamid)] == ["sent", "delivered", "read"]


def test_retries_with_backoff_until_200_keeping_order(sandbox: Sandbox, receiver: Receiver) -> None:
    receiver.answers.extend([500, 503])
    first = sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "uno"})
    assert first["webhook_status"] == 500  # the first attempt's answer
    second = sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "due"})
    receiver.wait_for(lambda: len(receiver.updates()) == 2)
    bodies = [obj["text"]["body"] for _, obj, _ in receiver.updates()]
    assert bodies == ["uno", "due"]
    assert [p["answered"] for p in receiver.posts][:3] == [500, 503, 200]
    stats = sandbox.api("GET", "stats", params={"drain": 5}).json()
    assert stats["webhook_failed_attempts"] == 2 and stats["webhook_updates_delivered"] == 2
    assert second["webhook_status"] == 200


def test_backlog_is_coalesced_into_batches_in_order(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    receiver.delay = 0.2  # Sportello is slow: statuses pile up behind the first POST
    ids = [sandbox.send_text(CITIZEN, f"messaggio {i}") for i in range(20)]
    receiver.wait_for(lambda: len([u for u in receiver.updates() if u[0] == "status"]) == 40)
    sizes = [
        len(json.loads(p["body"])["entry"][0]["changes"][0]["value"].get("statuses", []))
        for p in receiver.posts
    ]
    assert max(sizes) > 1  # at least one POST carried several statuses in one change
    order = [(s["id"], s["status"]) for kind, s, _ in receiver.updates() if kind == "status"]
    for wamid in ids:
        assert [st for i, st in order if i == wamid] == ["sent", "delivered"]
    # per citizen, the statuses follow the order of the sends
    assert [i for i, st in order if st == "sent"] == ids


def test_batch_max_one_never_batches(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.api("POST", "config", json={"webhook_batch_max": 1})
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    receiver.delay = 0.05
    for i in range(5):
        sandbox.send_text(CITIZEN, f"messaggio {i}")
    receiver.wait_for(lambda: len(receiver.updates()) == 11)
    for post in receiver.posts:
        value = json.loads(post["body"])["entry"][0]["changes"][0]["value"]
        assert len(value.get("statuses", [])) + len(value.get("messages", [])) == 1


def test_contacts_reaction_and_sticker_webhooks(sandbox: Sandbox, receiver: Receiver) -> None:
    shared = fixture_value("contacts.json")["messages"][0]["contacts"]
    contacts = sandbox.citizen(citizen=CITIZEN, type="contacts", contacts=shared)["wamid"]
    assert receiver.message(contacts)[0]["contacts"] == shared
    reaction = sandbox.citizen(
        citizen=CITIZEN, type="reaction", reaction={"message_id": contacts, "emoji": "👍"}
    )
    message, _ = receiver.message(reaction["wamid"])
    assert_keys_cover(fixture_value("reaction.json")["messages"][0], message)
    removed = sandbox.citizen(citizen=CITIZEN, type="reaction", reaction={"message_id": contacts})["wamid"]
    assert receiver.message(removed)[0]["reaction"] == {"message_id": contacts}  # no emoji: removed
    webp = base64.b64encode(b"RIFF\0\0\0\0WEBPVP8 " + b"0" * 64).decode()
    sticker = sandbox.citizen(
        citizen=CITIZEN, type="sticker", sticker={"content_base64": webp, "mime_type": "image/webp"}
    )["wamid"]
    message, _ = receiver.message(sticker)
    assert_keys_cover(fixture_value("sticker_static.json")["messages"][0], message)
    assert message["sticker"]["animated"] is False
