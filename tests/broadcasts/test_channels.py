"""Campaigns on every channel: each subscriber is reached once, on the channel account they joined through, each
account paced at its own rate; WhatsApp's messaging limit stays WhatsApp's. Over HTTP through the sandbox (its
Cloud API side and its Bot API side)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sportello.broadcasts import sender, services
from sportello.broadcasts.models import Campaign, Delivery, RateLedger
from sportello.connectors.whatsapp.campaigns import record_tier_usage
from sportello.connectors.whatsapp.models import MessagingTier
from sportello.conversations.models import Conversation
from sportello.municipalities.models import StaffMembership
from tests.broadcasts import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)

BOT_TOKEN = "7000000001:sandbox-telegram-token"  # the sandbox's default bot
WEBHOOK_SECRET = "campagne-test-secret"
WROTE = "+393470000101"  # WhatsApp, wrote today: the free-form message
SILENT = "+393470000102"  # WhatsApp, never wrote: the template
TELEGRAM_USER = "5550001"


@pytest.fixture
def fast(settings):
    settings.SPORTELLO_BROADCAST_RETRY_BASE_SECONDS = 0.05
    settings.SPORTELLO_BROADCAST_IN_DOUBT_SECONDS = 1


def _telegram_bot(world):
    from sportello.connectors.telegram.setup import ensure_bot, set_webhook

    bot = ensure_bot(world.municipality, token=BOT_TOKEN, webhook_secret=WEBHOOK_SECRET,
                     api_base_url=f"{world.sandbox.base_url}/sandbox")
    set_webhook(bot, f"{world.sportello_url}/webhooks/telegram")
    return bot


def _telegram_inbox(world) -> list[dict]:
    return world.sandbox_api("GET", "telegram/inbox", params={"user": TELEGRAM_USER})["messages"]


def test_emergency_reaches_whatsapp_and_telegram_subscribers_each_once(world, fast, client):
    town = world.municipality
    h.unlimited(world.number)
    telegram = _telegram_bot(world).account
    world.citizen_sends_text(WROTE, "Vorrei ricevere gli avvisi")
    world.sandbox_api("POST", "telegram/send", json={"user": TELEGRAM_USER, "name": "Giulia Rossi",
                                                     "text": "Vorrei ricevere gli avvisi"})
    world.sandbox_api("GET", "telegram/stats", params={"drain": "5"})
    world.settle()
    on_telegram = Conversation.objects.get(account=telegram).citizen
    alerts = h.make_list(town, "emergenze")
    h.subscribe(alerts, h.citizen(town, WROTE))  # joined on WhatsApp
    h.subscribe(alerts, h.citizen(town, SILENT))
    h.subscribe(alerts, on_telegram, account=telegram)  # joined on Telegram

    supervisor = h.staff(town, "supervisore", StaffMembership.Role.SUPERVISOR)
    alert = h.campaign(town, [alerts], author=supervisor, category=Campaign.Category.EMERGENCY,
                       link="https://comune.example/allerta")
    capacity = services.capacity(alert)
    assert {c.account.channel: (c.capacity.recipients, c.capacity.free, c.capacity.need_template)
            for c in capacity.channels} == {"whatsapp": (2, 1, 1), "telegram": (1, 1, 0)}
    client.force_login(h.staff(town, "operatrice"))  # supervisors would be asked for their second factor first
    preview = client.get(f"/campagne/{alert.pk}/anteprima/").content.decode()
    assert "Telegram" in preview and "WhatsApp" in preview and "limiti di WhatsApp" not in preview
    services.submit(alert, supervisor)
    services.approve(alert, supervisor)

    sender.run_until_idle(timeout=30)
    world.settle()
    world.sandbox_api("GET", "telegram/stats", params={"drain": "5"})

    assert [m["type"] for m in world.inbox(WROTE)] == ["text"]
    assert [m["type"] for m in world.inbox(SILENT)] == ["template"]
    sent_on_telegram = _telegram_inbox(world)
    assert [m["method"] for m in sent_on_telegram] == ["sendMessage"]
    assert "Allerta meteo rossa: evitare i sottopassi." in sent_on_telegram[0]["text"]
    assert "https://comune.example/allerta" in sent_on_telegram[0]["text"]

    rows = {d.citizen_id: d for d in Delivery.objects.filter(campaign=alert)}
    assert len(rows) == 3
    assert rows[on_telegram.pk].account_id == telegram.pk and rows[on_telegram.pk].state == "accepted"
    assert {d.state for d in rows.values() if d.account_id == world.number.account_id} == {"delivered"}
    assert set(RateLedger.objects.values_list("account_id", flat=True)) == {telegram.pk, world.number.account_id}
    alert.refresh_from_db()
    assert alert.state == Campaign.State.DONE
    channels = {c["account"].channel: (c["total"], c["accepted"]) for c in services.funnel(alert)["channels"]}
    assert channels == {"whatsapp": (2, 2), "telegram": (1, 1)}
    report = client.get(f"/campagne/{alert.pk}/rapporto/").content.decode()
    assert "Accettati dal canale" in report and "Telegram" in report

    sender.run_until_idle(timeout=5)  # nothing is left to send: nobody gets a second copy
    world.settle()
    assert len(world.inbox(WROTE)) == 1 and len(world.inbox(SILENT)) == 1 and len(_telegram_inbox(world)) == 1


def test_whatsapp_messaging_limit_defers_templates_only(world, fast):
    """Templates beyond the number's messaging limit wait (not an attempt); free-form copies go at once."""
    town = world.municipality
    MessagingTier.objects.create(number=world.number, tier=MessagingTier.Tier.T250)
    record_tier_usage(world.number.pk, 248, timezone.now())  # two templates left today
    world.citizen_sends_text(WROTE, "Buongiorno")
    world.settle()
    alerts = h.make_list(town, "allerte")
    h.subscribe(alerts, h.citizen(town, WROTE))
    silent = [f"+39347000020{i}" for i in range(4)]
    for phone in silent:
        h.subscribe(alerts, h.citizen(town, phone))
    campaign = h.campaign(town, [alerts], category=Campaign.Category.PUBLIC_UTILITY, state=Campaign.State.SCHEDULED)
    assert services.start(campaign.pk) == 5

    sender.run_until_idle(timeout=3)  # stops at the timeout: two deliveries wait for tomorrow's quota
    world.settle()
    assert [m["type"] for m in world.inbox(WROTE)] == ["text"]
    assert sum(len(world.inbox(phone)) for phone in silent) == 2
    waiting = Delivery.objects.filter(campaign=campaign, state="queued")
    assert waiting.count() == 2
    assert all(d.attempts == 0 and d.mode == "template" and d.next_attempt_at > timezone.now() for d in waiting)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_an_image_is_uploaded_once_per_campaign_and_number(world, fast):
    """The free form carries the image with the text as caption; the template carries it as its header."""
    from django.core.files.base import ContentFile

    town = world.municipality
    h.unlimited(world.number)
    world.citizen_sends_text(WROTE, "Buongiorno")
    world.settle()
    alerts = h.make_list(town, "allerte")
    for phone in (WROTE, SILENT, "+393470000103"):
        h.subscribe(alerts, h.citizen(town, phone))
    with_header = h.template(town, "allerta_immagine")
    with_header.header = "image"
    with_header.save()
    campaign = h.campaign(town, [alerts], category=Campaign.Category.PUBLIC_UTILITY, media_kind="image",
                          template=with_header)
    campaign.media.save("mappa.png", ContentFile(PNG))
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.SCHEDULED)
    assert services.start(campaign.pk) == 3

    sender.run_until_idle(timeout=30)
    world.settle()
    assert world.sandbox_api("GET", "stats")["media"] == 1  # one upload for three recipients
    free = world.inbox(WROTE)
    assert [m["type"] for m in free] == ["image"]
    assert "Allerta meteo rossa" in str(free[0])
    assert [m["type"] for m in world.inbox(SILENT)] == ["template"]
    assert set(Delivery.objects.filter(campaign=campaign).values_list("state", flat=True)) == {"delivered"}
