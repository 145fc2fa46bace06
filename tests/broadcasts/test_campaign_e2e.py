"""Campaigns end to end through the sandbox over HTTP: the sender, its retries, statuses back on deliveries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sportello.broadcasts import scheduler, sender, services
from sportello.broadcasts.models import Campaign, Delivery, NewsItem
from sportello.municipalities.models import StaffMembership
from tests.broadcasts import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)

BOTH = "+393470000001"  # on both lists, window open
CLOSED = "+393470000002"  # one list, window closed
LEFT = "+393470000003"  # unsubscribed
NO_CONSENT = "+393470000004"  # subscription without consent
UNDELIVERABLE = "+393470000005"
OUTSIDER = "+393470000006"  # never subscribed


@pytest.fixture
def fast(settings):
    settings.SPORTELLO_BROADCAST_RETRY_BASE_SECONDS = 0.05
    settings.SPORTELLO_BROADCAST_IN_DOUBT_SECONDS = 1


def test_emergency_to_two_lists(world, fast):
    town = world.municipality
    world.number.throughput_per_second = 50  # we pace at 50/s; the sandbox below accepts 1/s: 130429s follow
    world.number.save()
    h.unlimited(world.number)
    world.citizen_sends_text(BOTH, "Ciao, iscrivetemi agli avvisi")
    world.citizen_sends_text(OUTSIDER, "Buongiorno")
    world.settle()
    emergencies, traffic = h.make_list(town, "emergenze"), h.make_list(town, "viabilita")
    both = h.citizen(town, BOTH)
    h.subscribe(emergencies, both)
    h.subscribe(traffic, both)
    h.subscribe(emergencies, h.citizen(town, CLOSED))
    h.subscribe(traffic, h.citizen(town, LEFT), active=False)
    h.subscribe(traffic, h.citizen(town, NO_CONSENT), consent=False)
    h.subscribe(emergencies, h.citizen(town, UNDELIVERABLE))
    world.sandbox_api("POST", "citizens", json={"citizen": UNDELIVERABLE, "undeliverable": True})
    world.sandbox_api("POST", "config", json={"throughput_per_second": 1})
    world.sandbox_api("POST", "faults", json={"send_fail_times": 1, "code": 131056, "http_status": 400})

    author = h.staff(town, "operatrice")
    supervisor = h.staff(town, "supervisore", StaffMembership.Role.SUPERVISOR)
    alert = h.campaign(town, [emergencies, traffic], author=author, category=Campaign.Category.EMERGENCY,
                       link="https://comune.example/allerta")
    assert services.capacity(alert).recipients == 3
    services.submit(alert, author)
    assert alert.state == Campaign.State.AWAITING_APPROVAL
    with pytest.raises(services.CampaignError):
        services.approve(alert, author)  # an operator cannot approve her own campaign
    services.approve(alert, supervisor)  # an emergency needs one supervisor

    sender.run_until_idle(timeout=30)
    world.settle()
    alert.refresh_from_db()

    inbox = {phone: world.inbox(phone) for phone in (BOTH, CLOSED, LEFT, NO_CONSENT, UNDELIVERABLE)}
    assert [m["type"] for m in inbox[BOTH]] == ["text"]  # one message although on two lists; window open
    assert inbox[BOTH][0]["text"] == "Allerta meteo rossa: evitare i sottopassi.\n\nhttps://comune.example/allerta"
    assert [m["type"] for m in inbox[CLOSED]] == ["template"]
    assert inbox[LEFT] == [] and inbox[NO_CONSENT] == []
    assert [m["type"] for m in world.inbox(OUTSIDER)] == []
    assert len(inbox[UNDELIVERABLE]) == 1

    rows = {d.citizen.primary_identity().value: d for d in Delivery.objects.filter(campaign=alert).select_related("citizen")}
    assert set(rows) == {BOTH, CLOSED, UNDELIVERABLE}
    assert rows[BOTH].mode == "free" and rows[CLOSED].mode == "template"
    assert rows[BOTH].state == "delivered" and rows[CLOSED].state == "delivered"
    failed = rows[UNDELIVERABLE]
    assert (failed.state, failed.error_code) == ("failed", 131026)
    assert "non recapitabile" in failed.error_title
    attempts = failed.attempts
    sender.run_until_idle(timeout=5)  # a permanent failure is never retried
    failed.refresh_from_db()
    assert failed.attempts == attempts and len(world.inbox(UNDELIVERABLE)) == 1
    stats = world.sandbox_api("GET", "stats")
    assert stats.get("sends_rejected_130429", 0) >= 1 and stats.get("sends_rejected_131056", 0) == 1
    assert stats["sends_accepted"] == 3  # retries absorbed the rejections: exactly one copy each
    assert alert.state == Campaign.State.DONE
    report = services.funnel(alert)
    assert report["reached"]["delivered"] == 2 and report["states"]["failed"] == 1


def test_recurring_news_fires_at_its_times(world, fast):
    town = world.municipality
    h.unlimited(world.number)
    news = h.make_list(town, "notizie")
    h.subscribe(news, h.citizen(town, CLOSED))
    author = h.staff(town, "redazione")
    rome = ZoneInfo("Europe/Rome")
    monday = datetime(2031, 3, 3, 12, 0, tzinfo=rome)
    digest = h.campaign(town, [news], author=author, title="Notizie da San Giuliano", text="Le notizie della settimana:",
                        category=Campaign.Category.NEWS, source="news",
                        recurrence={"weekdays": [1, 4], "time": "10:00"}, template_params=["{comune}", "{testo}"])
    services.submit(digest, author, now=monday)
    assert digest.state == Campaign.State.RECURRING
    assert digest.next_run_at == datetime(2031, 3, 4, 10, 0, tzinfo=rome)  # Tuesday
    NewsItem.objects.create(municipality=town, title="Mercato in piazza", queued_at=monday)
    NewsItem.objects.create(municipality=town, title="Lavori in via Roma", queued_at=monday)

    clock = {"now": datetime(2031, 3, 4, 9, 59, tzinfo=rome)}
    assert scheduler.tick(clock["now"]) == {"started": 0, "occurrences": 0}
    clock["now"] = datetime(2031, 3, 4, 10, 0, 5, tzinfo=rome)
    assert scheduler.tick(clock["now"]) == {"started": 1, "occurrences": 1}
    sender.run_until_idle(clock=lambda: clock["now"], timeout=20)
    world.settle()
    first = world.inbox(CLOSED)
    assert [m["type"] for m in first] == ["template"]
    assert "Mercato in piazza" in str(first[0]) and "Lavori in via Roma" in str(first[0])

    NewsItem.objects.create(municipality=town, title="Sagra del pesce", queued_at=clock["now"])
    clock["now"] = datetime(2031, 3, 7, 9, 0, tzinfo=rome)  # Friday, before ten
    assert scheduler.tick(clock["now"])["occurrences"] == 0
    clock["now"] = datetime(2031, 3, 7, 10, 0, 1, tzinfo=rome)
    assert scheduler.tick(clock["now"])["occurrences"] == 1
    assert scheduler.tick(clock["now"])["occurrences"] == 0  # idempotent
    sender.run_until_idle(clock=lambda: clock["now"], timeout=20)
    world.settle()
    second = world.inbox(CLOSED)[1:]
    assert len(second) == 1 and "Sagra del pesce" in str(second[0]) and "Mercato" not in str(second[0])
    digest.refresh_from_db()
    assert digest.next_run_at == datetime(2031, 3, 11, 10, 0, tzinfo=rome)
    assert digest.occurrences.count() == 2
