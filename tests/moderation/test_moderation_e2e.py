"""Moderation end to end through the sandbox over HTTP: screening, notice, strikes, block, restore, evidence."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils.html import escape

from sportello.api.models import ApiToken
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline import runner
from sportello.core import events
from sportello.core.models import AuditEntry
from sportello.moderation import evidence, services
from sportello.moderation.models import Review
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

CITIZEN = "+393471112233"
OTHER = "+393489998877"
INSULT = "Siete una manica di stronzi incompetenti"
QUESTION = "Buongiorno, quando apre l'anagrafe?"
AUTO_REPLY = "Risposta automatica: l'ufficio risponde dal lunedì al venerdì."


def auto_reply(ctx) -> None:  # a stand-in for the policies app's automatic replies, placed after moderation
    from sportello.conversations import outbound

    if ctx.message.direction == "in":
        outbound.queue_text(ctx.conversation, AUTO_REPLY)


@pytest.fixture
def pipeline_with_auto_reply(settings):
    settings.SPORTELLO_INBOUND_PIPELINE = [
        *settings.SPORTELLO_INBOUND_PIPELINE[:-1], f"{__name__}.auto_reply", settings.SPORTELLO_INBOUND_PIPELINE[-1]
    ]
    runner.steps.cache_clear()
    yield
    runner.steps.cache_clear()






def api_messages(world, user, conversation: Conversation) -> list[dict]:
    _, token = ApiToken.issue(user)
    response = world.http.get(
        f"{world.sportello_url}/api/v1/conversations/{conversation.pk}/messages",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_insult_is_hidden_from_operators_and_citizen_gets_the_notice(world):
    world.citizen_sends_text(CITIZEN, QUESTION, name="Mario Bianchi")
    world.citizen_sends_text(CITIZEN, INSULT, name="Mario Bianchi")
    world.settle()

    insult = Message.objects.get(text=INSULT)
    assert insult.hidden_at is not None and insult.hidden_reason == "vulgar"
    assert insult.screening.categories == ["vulgar"]
    assert insult.screening.findings.get(category="vulgar").evidence[0]["normalized"].startswith("stronz")
    assert insult.review.state == Review.State.PENDING
    assert insult.inbound_event_id is not None

    # Operators: the API's message list (the console reads the same rows) shows the question, not the insult.
    operator = make_staff("operatrice", world.municipality, "operator")
    conversation = insult.conversation
    assert [m["text"] for m in api_messages(world, operator, conversation) if m["direction"] == "in"] == [QUESTION]
    conversation.refresh_from_db()
    assert conversation.unread_count == 1  # only the question
    question = Message.objects.get(text=QUESTION)
    assert conversation.waiting_since == question.sent_at  # the notice is not an answer
    # The console's inbox and conversation page.
    console = signed_in(operator)
    for page in (console.get("/"), console.get(f"/conversazioni/{conversation.pk}/")):
        assert page.status_code == 200
        assert INSULT not in page.content.decode()
    assert escape(QUESTION) in console.get(f"/conversazioni/{conversation.pk}/").content.decode()

    # The citizen gets the code-of-conduct notice, with the stated reason.
    inbox = world.inbox(CITIZEN)
    assert len(inbox) == 1
    assert "regole di utilizzo" in inbox[0]["text"] and "linguaggio offensivo o scurrile" in inbox[0]["text"]


def test_strikes_block_then_quarantine_without_replies(world, pipeline_with_auto_reply):
    services.policy_for(world.municipality)  # defaults: 3 strikes
    world.citizen_sends_text(OTHER, QUESTION)
    world.settle()
    assert [m["text"] for m in world.inbox(OTHER)] == [AUTO_REPLY]  # the stand-in auto-reply works

    for n in range(3):
        world.citizen_sends_text(CITIZEN, f"{INSULT} ({n})")
        world.settle()
    conversation = Message.objects.filter(text__startswith=INSULT).first().conversation
    citizen = conversation.citizen
    citizen.refresh_from_db()
    assert citizen.blocked_at is not None
    assert AuditEntry.objects.filter(action="citizen.blocked", target_id=str(citizen.pk)).get().data["automatic"]
    inbox = world.inbox(CITIZEN)
    # Two notices, then the block notice; no automatic reply to any of the insults.
    assert len(inbox) == 3
    assert "regole di utilizzo" in inbox[0]["text"] and "bloccato" in inbox[2]["text"]
    assert all(m["text"] != AUTO_REPLY for m in inbox)

    world.citizen_sends_text(CITIZEN, QUESTION)
    world.settle()
    later = Message.objects.filter(conversation=conversation, text=QUESTION).get()
    assert later.hidden_at is not None and later.hidden_reason == "blocked"
    assert later.review.origin == Review.Origin.BLOCKED
    assert len(world.inbox(CITIZEN)) == 3  # no reply at all, automatic or otherwise
    operator = make_staff("operatore", world.municipality, "operator")
    assert [m for m in api_messages(world, operator, conversation) if m["direction"] == "in"] == []


def test_moderator_restores_a_false_positive_and_it_appears(world):
    # Someone else's number (the screen is right to flag it), shared to get help: a moderator lets it through.
    text = (
        "Il mio vicino Giuseppe Serra (cell. 347 555 1234) è anziano e non risponde da due giorni, "
        "potete mandare qualcuno?"
    )
    world.citizen_sends_text(CITIZEN, text)
    world.settle()
    message = Message.objects.get(direction="in")
    assert message.hidden_at is not None and message.screening.categories == ["third_party_pii"]
    operator = make_staff("operatrice", world.municipality, "operator")
    assert api_messages(world, operator, message.conversation) == [
        m for m in api_messages(world, operator, message.conversation) if m["direction"] == "out"
    ]

    published: list[tuple[int, str, dict]] = []
    unsubscribe = events.subscribe(lambda *event: published.append(event))
    moderator = make_staff("supervisora", world.municipality, "supervisor")
    client = signed_in(moderator)
    try:
        page = client.get("/moderazione/")
        assert page.status_code == 200 and "347 555 1234" in page.content.decode()
        response = client.post(
            f"/moderazione/revisioni/{message.review.pk}/decisione",
            {"decision": "restore", "reason": "Segnalazione di persona fragile: il numero serve ai servizi sociali."},
        )
        assert response.status_code == 302
    finally:
        unsubscribe()

    message.refresh_from_db()
    assert message.hidden_at is None and message.review.state == Review.State.RESTORED
    assert (world.municipality.pk, "message.created", {"conversation": message.conversation_id, "message": message.pk}) in published
    assert text in [m["text"] for m in api_messages(world, operator, message.conversation)]
    entry = AuditEntry.objects.get(action="moderation.restored")
    assert (entry.actor, entry.target_id, entry.data["reason"]) == (
        moderator, str(message.pk), "Segnalazione di persona fragile: il numero serve ai servizi sociali."
    )
    assert message.conversation.__class__.objects.get(pk=message.conversation_id).unread_count == 1


def test_evidence_bundle_verifies_and_tampering_is_caught(world):
    jpeg = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64 + bytes.fromhex("ffd9")
    world.citizen_sends_text(CITIZEN, INSULT, name="Mario Bianchi")
    world.citizen_sends_media(CITIZEN, "image", jpeg, "image/jpeg", caption="Vi ammazzo tutti, bastardi")
    world.settle()
    citizen = Message.objects.filter(direction="in").first().conversation.citizen
    admin = make_staff("amministratrice", world.municipality, "administrator")

    client = signed_in(admin)
    response = client.post("/moderazione/prove", {"citizen": citizen.pk, "reason": "Denuncia n. 123/2025"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = response.content

    result = evidence.verify_bundle(bundle)
    assert result.ok, result.problems
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    names = set(archive.namelist())
    assert {"report.pdf", "messages.json", "citizens.json", "audit.json", "manifest.json", "SHA256SUMS"} <= names
    assert any(n.startswith("media/") for n in names) and sum(n.startswith("events/") for n in names) == 2
    media = next(n for n in names if n.startswith("media/"))
    assert archive.read(media) == jpeg
    assert CITIZEN in archive.read("citizens.json").decode()  # the full identity, here and only here
    assert archive.read("report.pdf").startswith(b"%PDF")
    event = next(n for n in names if n.startswith("events/"))
    assert b"whatsapp_business_account" in archive.read(event)
    exported = AuditEntry.objects.get(action="moderation.evidence_exported")
    assert exported.actor == admin and exported.data["reason"] == "Denuncia n. 123/2025"
    assert CITIZEN not in str(exported.data)
    assert evidence.verify_bundle(bundle, expected_manifest_sha256=exported.data["manifest_sha256"]).ok

    # One altered byte in a media file: verification fails and names the file.
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            out.writestr(name, data[:-1] + b"\x00" if name == media else data)
    result = evidence.verify_bundle(tampered.getvalue())
    assert not result.ok and result.problems == [f"{media}: SHA-256 does not match"]
