"""Prometheus metrics.

Two kinds, chosen for processes that come and go on several machines:
- What lives in the database (the inbound backlog and its age, events processed by state, the outbox queue,
  campaign progress) is read from it at scrape time by `DatabaseCollector`: every web server reports the same
  truth whatever number of workers, machines or restarts, and nothing has to be aggregated. The queries use the
  tables' partial indexes (pending events, queued messages, deliveries by campaign and state).
- What happens inside a process (webhook acknowledgement latency, errors by kind) is counted by that process.
  With several uvicorn workers, `PROMETHEUS_MULTIPROC_DIR` makes prometheus_client share the counts through files
  (`sportello web --workers N` sets it up); a worker exposes its own on `SPORTELLO_METRICS_PORT`.
No label carries personal data: channels, states, logger names and campaign ids only.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("sportello.ops.metrics")
disable_created_metrics()  # the *_created series double every counter for nothing a dashboard uses

WEBHOOK_ACK = Histogram(
    "sportello_webhook_ack_seconds",
    "Time from a webhook request to its acknowledgement (stored durably, or refused)",
    ["channel", "code"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
ERRORS = Counter("sportello_errors", "Warnings and errors logged, by the logger that reported them", ["kind", "level"])


async def observe_webhook(channel: str, handle: Callable[..., Awaitable[None]], scope: Any, receive: Any, send: Any) -> None:
    """Run a channel's webhook fast path, timing it until its response is complete."""
    started = time.perf_counter()
    status = 0

    async def noting_send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        await send(message)

    try:
        await handle(scope, receive, noting_send)
    finally:
        WEBHOOK_ACK.labels(channel, str(status or "none")).observe(time.perf_counter() - started)


class ErrorCountingHandler(logging.Handler):
    """Counts WARNING and above per logger: `rate(sportello_errors_total{kind="sportello.ingest"}[5m])`."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        ERRORS.labels(record.name, record.levelname.lower()).inc()


class DatabaseCollector(Collector):
    """Backlog, processing, outbox and campaign figures read from the database at each scrape."""

    def collect(self) -> Iterator[Any]:
        try:
            figures = read_figures()
        except Exception:  # noqa: BLE001 - a scrape must answer even with the database down; /readyz says why
            log.warning("metrics: the database could not be read")
            up = GaugeMetricFamily("sportello_database_up", "Whether the database answered this scrape")
            up.add_metric([], 0)
            yield up
            return
        yield from figures


def read_figures() -> list[Any]:
    from django.db.models import Count, Max, Min, Q
    from django.utils import timezone
    from sportello.core.scoping import scopes_disabled

    from sportello.broadcasts.models import Campaign, Delivery
    from sportello.conversations.models import InboundEvent, Message

    now = timezone.now()
    with scopes_disabled():
        pending = InboundEvent.objects.filter(state=InboundEvent.State.PENDING)
        backlog = pending.aggregate(n=Count("id"), oldest=Min("received_at"))
        highest = InboundEvent.objects.aggregate(top=Max("id"))["top"] or 0
        set_aside = dict(
            InboundEvent.objects.filter(state__in=[InboundEvent.State.FLAGGED, InboundEvent.State.FAILED])
            .values_list("state").annotate(n=Count("id"))
        )
        queued = Message.objects.filter(status=Message.Status.QUEUED).aggregate(
            n=Count("id"), due=Count("id", filter=Q(next_attempt_at__lte=now))
        )
        recent = Q(state__in=[Campaign.State.SENDING, Campaign.State.PAUSED]) | Q(finished_at__gte=now - _DAY)
        campaign_ids = list(Campaign.objects.filter(recent).values_list("id", flat=True)[:200])
        progress = (
            Delivery.objects.filter(campaign_id__in=campaign_ids).values_list("campaign_id", "state").annotate(n=Count("id"))
        )

    up = GaugeMetricFamily("sportello_database_up", "Whether the database answered this scrape")
    up.add_metric([], 1)
    size = GaugeMetricFamily("sportello_inbound_backlog", "Webhook events stored and not processed yet")
    size.add_metric([], backlog["n"])
    age = GaugeMetricFamily("sportello_inbound_backlog_oldest_seconds", "Age of the oldest unprocessed event")
    age.add_metric([], (now - backlog["oldest"]).total_seconds() if backlog["oldest"] else 0.0)
    # Every stored event has an id; those not pending have been processed: done = highest id - pending - set aside.
    # Cheap at any table size (no count of done rows); ids lost to rolled-back inserts count as done.
    processed = CounterMetricFamily(
        "sportello_inbound_processed", "Webhook events processed, by outcome (done, flagged, failed)", labels=["state"]
    )
    flagged, failed = set_aside.get(InboundEvent.State.FLAGGED, 0), set_aside.get(InboundEvent.State.FAILED, 0)
    processed.add_metric(["done"], max(highest - backlog["n"] - flagged - failed, 0))
    processed.add_metric(["flagged"], flagged)
    processed.add_metric(["failed"], failed)
    outbox = GaugeMetricFamily("sportello_outbox_queued", "Outgoing messages waiting to be sent", labels=["due"])
    outbox.add_metric(["now"], queued["due"])
    outbox.add_metric(["later"], queued["n"] - queued["due"])
    campaigns = GaugeMetricFamily(
        "sportello_campaign_deliveries", "Deliveries of running or recently finished campaigns, by state",
        labels=["campaign", "state"],
    )
    for campaign_id, state, count in progress:
        campaigns.add_metric([str(campaign_id), state], count)
    return [up, size, age, processed, outbox, campaigns]


_DAY = timedelta(days=1)


def process_registry() -> CollectorRegistry:
    """This process's own metrics, or every process's on this machine in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def exposition() -> bytes:
    """The text served at /metrics: the process metrics and the database figures."""
    registry = CollectorRegistry()
    registry.register(DatabaseCollector())
    return generate_latest(process_registry()) + generate_latest(registry)
