"""A sender killed at any point: nobody lost, nobody served twice; sends in doubt settled by status webhooks."""

from __future__ import annotations

import time

import pytest

from sportello.broadcasts import sender, services
from sportello.broadcasts.models import Campaign, Delivery
from sportello.conversations.models import InboundEvent
from tests.broadcasts import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)
PHONES = [f"+39347100000{i}" for i in range(6)]


@pytest.fixture
def quick(settings):
    settings.SPORTELLO_BROADCAST_RETRY_BASE_SECONDS = 0.05
    settings.SPORTELLO_BROADCAST_LEASE_SECONDS = 0.3
    settings.SPORTELLO_BROADCAST_IN_DOUBT_SECONDS = 0.5


def _started(world) -> Campaign:
    town = world.municipality
    h.unlimited(world.number)
    alerts = h.make_list(town, "allerte")
    for phone in PHONES:
        h.subscribe(alerts, h.citizen(town, phone))
    campaign = h.campaign(town, [alerts], category=Campaign.Category.PUBLIC_UTILITY, state=Campaign.State.SCHEDULED)
    assert services.start(campaign.pk) == len(PHONES)
    return campaign


def _post(world, items) -> None:
    """The connector sends these items (they reach the sandbox), and then the sender dies: nothing is recorded."""
    from sportello.connectors.whatsapp import campaigns

    outcomes = campaigns.sender().send_many(world.number.account, items)
    assert [o.state for o in outcomes] == ["accepted"] * len(items)


def test_killed_between_send_and_record(world, quick):
    campaign = _started(world)
    batch = sender.Outbox().claim(world.number.account_id, 100)
    assert batch is not None and len(batch.items) == 6
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sending"}
    _post(world, batch.items[:4])  # four requests reached WhatsApp, then kill -9: nothing recorded
    world.settle()  # their status webhooks arrive and settle those four
    assert Delivery.objects.filter(state__in=["sent", "delivered"]).count() == 4
    assert Delivery.objects.filter(state="sending").count() == 2  # in doubt: no answer, no status
    time.sleep(0.6)  # lease and in-doubt wait pass
    sender.run_until_idle(timeout=20)
    world.settle()
    for phone in PHONES:
        assert len(world.inbox(phone)) == 1, phone
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert not Delivery.objects.filter(extra_copies__gt=0).exists()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE


def test_in_doubt_waits_for_ingestion_to_catch_up(world, quick):
    _started(world)
    outbox = sender.Outbox()
    batch = outbox.claim(world.number.account_id, 100)
    _post(world, batch.items[:1])
    time.sleep(0.6)
    stuck = InboundEvent.objects.filter(state="pending")  # its status webhook is stored but not yet ingested
    assert stuck.exists()
    assert outbox.reconcile() == (0, 0)  # nothing is decided while a status could still be in the backlog
    world.settle()
    time.sleep(0.6)
    assert outbox.reconcile() == (5, 0)  # the five without any status were never accepted: sent again
    assert Delivery.objects.filter(state__in=["sent", "delivered"]).count() == 1


def test_at_most_once_categories_mark_unknown(world, quick, settings):
    settings.SPORTELLO_BROADCAST_RESEND_IN_DOUBT = ["emergency"]
    _started(world)  # a public-utility campaign
    outbox = sender.Outbox()
    outbox.claim(world.number.account_id, 100)
    time.sleep(0.6)
    assert outbox.reconcile() == (0, 6)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"unknown"}


def test_late_status_of_an_earlier_attempt_is_counted_as_a_copy(world, quick):
    """Had a status come after the wait (the documented residual risk), the second copy is visible, not hidden."""
    _started(world)
    outbox = sender.Outbox()
    batch = outbox.claim(world.number.account_id, 1)
    world.sandbox_api("POST", "config", json={"webhook_url": ""})  # the status of this send is lost on the way
    _post(world, batch.items)
    time.sleep(0.6)
    assert outbox.reconcile() == (1, 0)
    world.sandbox_api("POST", "config", json={"webhook_url": f"{world.sportello_url}/webhooks/whatsapp"})
    sender.run_until_idle(timeout=20)
    world.settle()
    row = Delivery.objects.get(pk=batch.items[0].delivery_id)
    assert row.attempts == 2 and row.state == "delivered" and row.extra_copies == 0  # first copy's status never came
    assert len(world.inbox(row.citizen.primary_identity().value)) == 2  # …so the citizen has two: at-least-once
