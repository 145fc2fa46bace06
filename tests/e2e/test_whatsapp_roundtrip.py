"""End to end through the sandbox over HTTP: a citizen writes, the office answers, ticks come back."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from sportello.api.models import ApiToken
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.municipalities.models import StaffMembership

pytestmark = pytest.mark.django_db(transaction=True)

CITIZEN = "+393471112233"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64 + bytes.fromhex("ffd9")


def test_text_in_reply_out_with_ticks(world):
    world.citizen_sends_text(CITIZEN, "Buongiorno, quando apre l'anagrafe?", name="Giulia Pala")
    world.settle()
    message = Message.objects.get(direction="in")
    assert message.text == "Buongiorno, quando apre l'anagrafe?"
    conversation = message.conversation
    assert conversation.citizen.display_name == "Giulia Pala"

    user = get_user_model().objects.create_user("operatrice", password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=world.municipality)
    _, token = ApiToken.issue(user)
    response = world.http.post(
        f"{world.sportello_url}/api/v1/conversations/{conversation.pk}/messages",
        json={"type": "text", "text": "Apre alle 9:00, dal lunedì al venerdì."},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    world.settle()

    inbox = world.inbox(CITIZEN)
    assert [(m["type"], m["text"]) for m in inbox] == [("text", "Apre alle 9:00, dal lunedì al venerdì.")]
    assert inbox[0]["status"] == "delivered"
    reply = Message.objects.get(direction="out")
    assert reply.status == "delivered"
    assert set(reply.statuses.values_list("status", flat=True)) == {"sent", "delivered"}
    # The citizen reads it on the phone: blue ticks reach the console.
    world.sandbox_api("POST", "read", json={"citizen": CITIZEN})
    world.settle()
    reply.refresh_from_db()
    assert reply.status == "read"


def test_photo_is_downloaded_and_checked(world):
    world.citizen_sends_media(CITIZEN, "image", JPEG, "image/jpeg", caption="Buca in via Dante")
    world.settle()
    attachment = Attachment.objects.get()
    assert attachment.state == Attachment.State.READY, attachment.last_error
    assert attachment.message.text == "Buca in via Dante"
    with attachment.file.open("rb") as handle:
        assert handle.read() == JPEG
    import hashlib

    assert attachment.sha256 == hashlib.sha256(JPEG).hexdigest()


def test_media_download_failure_is_retried_and_visible(world):
    from sportello.conversations import ingest
    from sportello.conversations.media import download_now

    world.citizen_sends_media(CITIZEN, "document", b"%PDF-1.4 bolletta", "application/pdf", filename="tari.pdf")
    ingest.drain()  # stored, download not attempted yet
    attachment = Attachment.objects.get()
    world.sandbox_api("POST", "faults", json={"media_id": attachment.media_id, "fail_times": 2})
    for attempt in (1, 2):
        download_now(attachment)
        attachment.refresh_from_db()
        assert (attachment.state, attachment.attempts) == (Attachment.State.PENDING, attempt)
        assert "500" in attachment.last_error  # visible on the message until it succeeds
    download_now(attachment)
    attachment.refresh_from_db()
    assert (attachment.state, attachment.attempts, attachment.filename) == (Attachment.State.READY, 3, "tari.pdf")
    assert attachment.last_error == ""


def test_send_outside_the_window_is_refused_and_131047_recorded(world):
    from datetime import timedelta

    from django.utils import timezone

    old = int((timezone.now() - timedelta(hours=30)).timestamp())
    world.citizen_sends_text(CITIZEN, "Messaggio di ieri l'altro", timestamp=old)
    world.settle()
    conversation = Conversation.objects.get()
    with pytest.raises(outbound.SendRefused) as refused:
        outbound.queue_text(conversation, "Risposta fuori tempo")
    assert refused.value.code == "window_closed"
    # Had it gone out anyway (our clock and Meta's disagree), the platform's 131047 is recorded as such.
    from sportello.conversations.keys import message_key

    forced = Message.objects.create(
        municipality=conversation.municipality, conversation=conversation, direction="out", kind="text",
        text="forzato", status="queued", next_attempt_at=timezone.now(), callback_data="forced-1",
    )
    world.settle()
    forced.refresh_from_db()
    assert (forced.status, forced.error_code) == ("failed", 131047)
    assert "24 ore" in forced.error_title
    assert forced.external_key == message_key("whatsapp", forced.external_id)
    # A template goes through.
    outbound.queue_template(conversation, "risposta_urp", parameters=["Giulia"])
    world.settle()
    assert [m["type"] for m in world.inbox(CITIZEN)] == ["text", "template"]
    assert world.inbox(CITIZEN)[1]["status"] == "delivered"
