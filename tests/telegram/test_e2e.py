"""End to end over HTTP: a Telegram user writes to the municipality's bot (sandbox → webhook → worker → inbox),
the operator answers through the REST API and the sandbox's Bot API receives sendMessage to that chat."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth import get_user_model

from sportello.api.models import ApiToken
from sportello.citizens.models import Identity
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, InboundEvent, Message
from sportello.municipalities.models import StaffMembership

pytestmark = pytest.mark.django_db(transaction=True)

USER = "Giulia Pala"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64 + bytes.fromhex("ffd9")


def api_token(world) -> str:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user("operatrice", password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=world.municipality)
    return ApiToken.issue(user)[1]


def test_telegram_message_in_inbox_and_reply_by_send_message(world):
    sent = world.telegram_user_sends_text(USER, "Buongiorno, quando apre l'anagrafe?")
    world.settle()
    event = InboundEvent.objects.get(channel="telegram")
    assert event.state == InboundEvent.State.DONE, event.problem
    message = Message.objects.get(direction="in")
    assert message.text == "Buongiorno, quando apre l'anagrafe?"
    conversation = message.conversation
    assert conversation.account.channel == "telegram" and conversation.account.telegram == world.telegram_bot
    assert conversation.citizen.display_name == "Giulia Pala"
    identity = conversation.citizen.identities.get()
    assert (identity.kind, identity.value) == (Identity.Kind.TELEGRAM, str(sent["chat_id"]))

    token = api_token(world)
    headers = {"Authorization": f"Bearer {token}"}
    listed = world.http.get(f"{world.sportello_url}/api/v1/conversations", headers=headers).json()
    assert [(c["id"], c["channel"]) for c in listed] == [(conversation.pk, "telegram")]

    response = world.http.post(
        f"{world.sportello_url}/api/v1/conversations/{conversation.pk}/messages",
        json={"type": "text", "text": "Apre alle 9:00, dal lunedì al venerdì."}, headers=headers,
    )
    assert response.status_code == 201, response.text
    world.settle()
    inbox = world.telegram_inbox(USER)
    assert [(m["method"], m["text"]) for m in inbox] == [("sendMessage", "Apre alle 9:00, dal lunedì al venerdì.")]
    reply = Message.objects.get(direction="out")
    assert reply.status == Message.Status.SENT and reply.external_id == f"{world.telegram_bot.bot_id}:{sent['chat_id']}:{inbox[0]['message_id']}"

    # The citizen corrects the first message: the edit reaches the stored one, history kept.
    edited = world.telegram_api("POST", "edit", json={"user": USER, "message_id": sent["message_id"],
                                                      "text": "Buongiorno, quando apre l'anagrafe di via Roma?"})
    assert edited["webhook_status"] == 200
    world.settle()
    message.refresh_from_db()
    assert message.text == "Buongiorno, quando apre l'anagrafe di via Roma?" and message.edited_at is not None
    assert message.payload["edits"][0]["text"] == "Buongiorno, quando apre l'anagrafe?"

    # The citizen answers the reply (Telegram's reply): threaded to our message.
    world.telegram_user_sends_text(USER, "Grazie!", reply_to=inbox[0]["message_id"])
    world.settle()
    assert Message.objects.get(text="Grazie!").reply_to == reply


def test_photo_is_fetched_with_get_file_and_reply_with_buttons_is_tapped(world):
    world.telegram_user_sends(USER, type="photo", content_base64=base64.b64encode(JPEG).decode(), caption="Buca in via Dante")
    world.settle()
    attachment = Attachment.objects.get()
    assert attachment.state == Attachment.State.READY, attachment.last_error
    assert attachment.message.text == "Buca in via Dante" and attachment.mime_type == "image/jpeg"
    with attachment.file.open("rb") as handle:
        assert handle.read() == JPEG

    conversation = attachment.message.conversation
    interactive = {"type": "button", "body": {"text": "È una segnalazione?"}, "action": {"buttons": [
        {"type": "reply", "reply": {"id": "report:yes", "title": "Sì"}},
        {"type": "reply", "reply": {"id": "report:no", "title": "No"}},
    ]}}
    outbound.queue_message(conversation, "interactive", payload={"interactive": interactive})
    outbound.queue_message(conversation, "location", payload={"latitude": 39.2166, "longitude": 9.1125,
                                                             "name": "Municipio", "address": "Via Roma 145"})
    outbound.queue_message(conversation, "document", text="Il modulo", file=("modulo.pdf", b"%PDF-1.4 modulo", "application/pdf"))
    world.settle()
    inbox = world.telegram_inbox(USER)
    assert [(m["method"], m["type"]) for m in inbox] == [
        ("sendMessage", "text"), ("sendVenue", "venue"), ("sendDocument", "document")]
    assert inbox[0]["buttons"] == [[{"text": "Sì", "data": "report:yes"}], [{"text": "No", "data": "report:no"}]]
    assert inbox[2]["file"]["file_name"] == "modulo.pdf" and inbox[2]["text"] == "Il modulo"

    tapped = world.telegram_user_taps(USER, inbox[0]["message_id"], "report:yes")
    assert tapped["webhook_status"] == 200 and tapped["answered"]  # the spinner stops: answered in the 200
    world.settle()
    answer = Message.objects.get(direction="in", kind="interactive")
    assert answer.payload["id"] == "report:yes" and answer.text == "Sì"
    assert answer.reply_to.payload.get("interactive") == interactive


def test_webhook_without_the_secret_is_refused_and_nothing_stored(world):
    body = b'{"update_id": 1, "message": {"message_id": 1, "chat": {"id": 5, "type": "private"}, "date": 1, "text": "x"}}'
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
        response = world.http.post(f"{world.sportello_url}/webhooks/telegram", content=body, headers=headers)
        assert response.status_code == 401
    assert not InboundEvent.objects.filter(channel="telegram").exists()
