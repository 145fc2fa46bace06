"""/healthz, /readyz and /metrics served by the real ASGI app on a real port, scraped and parsed as Prometheus does."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from sportello.broadcasts.models import Campaign, Delivery
from sportello.conversations.models import InboundEvent
from tests.broadcasts.helpers import citizen, whatsapp_account
from tests.conftest import make_number, sign

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "+393471234567"


@pytest.fixture
def server(transactional_db):
    from sportello.asgi import django_application
    from sportello.sandbox.server import serve_in_thread

    base, stop = serve_in_thread(django_application)
    yield base
    stop()


def scrape(base: str, **headers: str) -> dict[str, dict[tuple, float]]:
    """{sample name: {sorted label items: value}} from /metrics, through prometheus_client's own parser."""
    response = httpx.get(f"{base}/metrics", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: dict[str, dict[tuple, float]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def test_healthz_and_readyz_answer_without_a_known_host(server):
    # An orchestrator probes the pod's address, which is not in ALLOWED_HOSTS: the probes answer anyway.
    health = httpx.get(f"{server}/healthz", headers={"Host": "10.1.2.3:8000"})
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    ready = httpx.get(f"{server}/readyz", headers={"Host": "10.1.2.3:8000"}, timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["ready"] is True
    assert ready.json()["database:default"] == "ok" and ready.json()["migrations:default"] == "ok"


def test_metrics_report_backlog_processing_outbox_campaigns_and_webhook_latency(server):
    number = make_number()
    municipality = number.account.municipality
    old = timezone.now() - timedelta(seconds=90)
    InboundEvent.objects.create(channel="whatsapp", body=b"{}", received_at=old)
    InboundEvent.objects.create(channel="whatsapp", body=b"{}")
    InboundEvent.objects.create(channel="whatsapp", body=b"{}", state=InboundEvent.State.DONE)
    InboundEvent.objects.create(channel="whatsapp", body=b"{}", state=InboundEvent.State.FLAGGED)
    person = citizen(municipality, PHONE)
    sending = Campaign.objects.create(municipality=municipality, title="Allerta", state=Campaign.State.SENDING)
    draft = Campaign.objects.create(municipality=municipality, title="Bozza")
    account = whatsapp_account(municipality)
    Delivery.objects.create(campaign=sending, citizen=person, account=account, state=Delivery.State.DELIVERED)
    Delivery.objects.create(campaign=draft, citizen=person, account=account)

    body = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()
    posted = httpx.post(f"{server}/webhooks/whatsapp", content=body, headers={"X-Hub-Signature-256": sign(body)})
    assert posted.status_code == 200
    refused = httpx.post(f"{server}/webhooks/whatsapp", content=body, headers={"X-Hub-Signature-256": "sha256=00"})
    assert refused.status_code == 401

    samples = scrape(server)
    assert samples["sportello_database_up"][()] == 1
    # The two old pending events plus the webhook just stored; the oldest waited at least 90 s.
    assert samples["sportello_inbound_backlog"][()] == 3
    assert samples["sportello_inbound_backlog_oldest_seconds"][()] >= 90
    processed = samples["sportello_inbound_processed_total"]
    # Counted as every id ever given minus those not done: ids of earlier tests' (deleted) rows count as done.
    highest = InboundEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert processed[(("state", "done"),)] == highest - 3 - 1
    assert processed[(("state", "flagged"),)] == 1
    assert processed[(("state", "failed"),)] == 0
    assert samples["sportello_outbox_queued"] == {(("due", "now"),): 0, (("due", "later"),): 0}
    # Only running (or recently finished) campaigns, by id: the draft is not reported.
    assert samples["sportello_campaign_deliveries"] == {(("campaign", str(sending.pk)), ("state", "delivered")): 1}
    ack = samples["sportello_webhook_ack_seconds_count"]
    assert ack[(("channel", "whatsapp"), ("code", "200"))] >= 1
    assert ack[(("channel", "whatsapp"), ("code", "401"))] >= 1
    # The rejected signature was logged as a warning: counted by the logger that reported it.
    assert samples["sportello_errors_total"][(("kind", "sportello.webhooks.whatsapp"), ("level", "warning"))] >= 1


def test_no_personal_data_in_metrics(server):
    number = make_number()
    person = citizen(number.account.municipality, PHONE)
    campaign = Campaign.objects.create(municipality=number.account.municipality, title="Allerta Rossi", state="sending")
    Delivery.objects.create(campaign=campaign, citizen=person, account=number.account)
    text = httpx.get(f"{server}/metrics", timeout=10).text
    for personal in ("3471234567", "Rossi", "Allerta", number.account.municipality.name):
        assert personal not in text


def test_metrics_token(server, settings):
    settings.SPORTELLO_METRICS_TOKEN = "scrape-secret"
    assert httpx.get(f"{server}/metrics").status_code == 401
    assert httpx.get(f"{server}/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert "sportello_database_up" in scrape(server, Authorization="Bearer scrape-secret")
