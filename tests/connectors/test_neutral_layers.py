"""The channel-neutral layers work for any channel: a made-up connector, registered for the test, goes through
ingest, the pipeline, the outbox, read receipts and the composer without any of them knowing its name.

Also WhatsApp's own sending rule (connectors/whatsapp/window.py) as the connector answers it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sportello.citizens.identity import SenderIdentity
from sportello.connectors.base import (
    InboundMessage,
    MediaBlob,
    MessageKind,
    ParsedBatch,
    SendCheck,
    SendResult,
    TransportError,
    UnparseableBody,
    templates_of,
)
from sportello.conversations import ingest, outbound, outbox, receipts
from sportello.conversations.models import InboundEvent, Message, ServiceWindow
from sportello.municipalities.models import ChannelAccount, Municipality

pytestmark = pytest.mark.django_db


class PigeonConnector:
    """A channel with one rule (no audio: send text instead), read receipts, and no templates."""

    channel = "pigeon"
    label = "Piccione viaggiatore"
    default_rate: float | None = None

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.read: list[int] = []

    def configure_from_env(self) -> None:
        return None

    def parse(self, body: bytes) -> ParsedBatch:
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise UnparseableBody("not a pigeon's note") from exc
        return ParsedBatch(messages=[InboundMessage(
            channel=self.channel, account_ref=str(data["account"]), external_id=data["id"],
            sender=SenderIdentity(phone=data["from"], name="Maria"), sent_at=timezone.now(),
            kind=MessageKind.TEXT, text=data["text"],
        )])

    def account_for(self, account_ref: str) -> ChannelAccount | None:
        return ChannelAccount.objects.filter(pk=int(account_ref), channel=self.channel).first()

    def check_send(self, account: ChannelAccount, citizen: Any, kind: str) -> SendCheck:
        if kind == MessageKind.AUDIO:
            return SendCheck(False, code="no_audio", reason="Un piccione non porta audio.", instead=(MessageKind.TEXT,))
        return SendCheck.ok()

    def send(self, account: ChannelAccount, message: Message) -> SendResult:
        self.sent.append((message.kind, message.text))
        return SendResult(external_id=f"note-{message.pk}")

    def send_many(self, account: ChannelAccount, items: Any, *, rate: float | None = None) -> list[Any]:
        return []

    def mark_read(self, account: ChannelAccount, message: Message) -> None:
        self.read.append(message.pk)

    def fetch_media(self, account: ChannelAccount, media_id: str, kind: str = "document") -> MediaBlob:
        raise TransportError("pigeons carry no media", permanent=True)


@pytest.fixture
def pigeon(monkeypatch):
    from sportello.connectors import registry

    monkeypatch.setitem(registry.CONNECTORS, "pigeon", f"{__name__}.PigeonConnector")
    registry.get_connector.cache_clear()
    yield registry.get_connector("pigeon")
    registry.get_connector.cache_clear()


@pytest.fixture
def loft(db):
    town = Municipality.objects.create(slug="colombaia", name="Comune di Colombaia")
    return ChannelAccount.objects.create(municipality=town, channel="pigeon", label="Piccioni dell'URP")


def _note(account: ChannelAccount, text: str, message_id: str = "n1") -> InboundEvent:
    body = json.dumps({"account": account.pk, "id": message_id, "from": "393331112223", "text": text}).encode()
    return InboundEvent.objects.create(channel="pigeon", body=body)


def test_any_channel_is_ingested_answered_and_marked_read_through_its_connector(pigeon, loft):
    event = _note(loft, "Buongiorno, quando apre l'anagrafe?")
    ingest.drain()
    event.refresh_from_db()
    assert (event.state, event.summary["messages"]) == (InboundEvent.State.DONE, 1)
    inbound = Message.objects.get(direction=Message.Direction.INBOUND)
    conversation = inbound.conversation
    assert (conversation.account_id, inbound.text, conversation.citizen.display_name) == (
        loft.pk, "Buongiorno, quando apre l'anagrafe?", "Maria"
    )
    assert ServiceWindow.objects.filter(account=loft, citizen=conversation.citizen).exists()

    reply = outbound.queue_text(conversation, "Apre alle 9.")
    outbox.drain()
    reply.refresh_from_db()
    assert pigeon.sent == [("text", "Apre alle 9.")] and reply.status == Message.Status.ACCEPTED

    receipts.send_read_receipt.call(inbound.pk)
    assert pigeon.read == [inbound.pk]


def test_the_connectors_refusal_reaches_the_caller_with_what_may_go_instead(pigeon, loft):
    _note(loft, "Mi mandate un vocale?")
    ingest.drain()
    conversation = Message.objects.get().conversation
    with pytest.raises(outbound.SendRefused) as refused:
        outbound.queue_message(conversation, MessageKind.AUDIO, file=("nota.ogg", b"OggS", "audio/ogg"))
    assert (refused.value.code, refused.value.message, refused.value.instead) == (
        "no_audio", "Un piccione non porta audio.", ("text",)
    )
    assert refused.value.details == {"instead": ["text"]}
    assert not Message.objects.filter(direction=Message.Direction.OUTBOUND).exists()
    assert templates_of(pigeon, loft) == []  # the optional method left out: no templates


def test_events_of_a_channel_without_connector_or_unreadable_are_flagged_not_lost(pigeon, loft):
    stray = InboundEvent.objects.create(channel="carrier-owl", body=b"{}")
    garbled = InboundEvent.objects.create(channel="pigeon", body=b"\x00 not json")
    ingest.drain()
    stray.refresh_from_db()
    garbled.refresh_from_db()
    assert stray.state == garbled.state == InboundEvent.State.FLAGGED
    assert "carrier-owl" in stray.problem and "not a pigeon's note" in garbled.problem


def test_the_composer_follows_the_channel(pigeon, loft, client):
    from tests.staff import login, make_staff

    _note(loft, "Posso scrivervi qui?")
    ingest.drain()
    conversation = Message.objects.get().conversation
    login(client, make_staff("anna", loft.municipality))
    html = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    # Free text allowed and no window: the reply form, no countdown, no templates, the connector's label.
    assert 'id="composer-form"' in html and "window-left" not in html and 'id="template-form"' not in html
    assert "Piccione viaggiatore" in html and "WhatsApp" not in html


# -- WhatsApp's own rule, as its connector answers it ------------------------------------------------------------
@pytest.fixture
def whatsapp_conversation(client):
    from tests.console.conftest import incoming

    from tests.conftest import make_number

    make_number()
    return incoming(client, "Buongiorno")


def test_whatsapp_free_form_within_24_hours_templates_after(whatsapp_conversation):
    from sportello.connectors.registry import get_connector

    conversation = whatsapp_conversation
    connector = get_connector("whatsapp")
    account, citizen = conversation.account, conversation.citizen
    last = ServiceWindow.objects.get(account=account, citizen=citizen).last_inbound_at

    open_ = connector.check_send(account, citizen, MessageKind.TEXT)
    assert open_.allowed and open_.closes_at == last + timedelta(hours=24)

    ServiceWindow.objects.update(last_inbound_at=timezone.now() - timedelta(hours=24, seconds=1))
    closed = connector.check_send(account, citizen, MessageKind.IMAGE)
    assert (closed.allowed, closed.code, closed.instead) == (False, "window_closed", ("template",))
    assert "24 ore" in closed.reason
    assert connector.check_send(account, citizen, MessageKind.TEMPLATE).allowed


def test_whatsapp_offers_only_approved_templates_of_that_number(whatsapp_conversation):
    from sportello.connectors.registry import get_connector
    from sportello.connectors.whatsapp.models import MessageTemplate
    from tests.conftest import make_number

    account = whatsapp_conversation.account
    other = make_number("9988776655443", slug="sassari").account
    MessageTemplate.objects.create(account=account, name="risposta_urp", body="Gentile {{1}}, {{2}}.", status="approved")
    MessageTemplate.objects.create(account=account, name="in_revisione", body="x", status="pending")
    MessageTemplate.objects.create(account=other, name="altro_comune", body="y", status="approved")
    [option] = templates_of(get_connector("whatsapp"), account)
    assert (option.name, option.language, option.category, option.parameter_numbers) == (
        "risposta_urp", "it", "Servizio", [1, 2]
    )
    assert option.render(["Maria", "la ricontattiamo"]) == "Gentile Maria, la ricontattiamo."
