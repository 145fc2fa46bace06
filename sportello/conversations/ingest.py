"""The ingest loop: stored webhook events → parsed updates → pipeline and statuses.

An event that cannot be understood is flagged for an administrator, never deleted; a failure inside
processing is retried (everything downstream is idempotent on message and status ids).
"""

from __future__ import annotations

import gc
import logging
import threading
import traceback
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone

from sportello.connectors.base import ParsedBatch, StatusUpdate, UnparseableBody, apply_other
from sportello.connectors.registry import get_connector
from sportello.conversations.claims import claim_rows, in_hand
from sportello.conversations.models import InboundEvent
from sportello.conversations.pipeline import InboundContext, run_pipeline
from sportello.conversations.pipeline.batch import run_batch
from sportello.conversations.routers import inbound_alias
from sportello.conversations.statuses import apply_many, deferred, offer
from sportello.core import events, tasks
from sportello.core.bulk import bulk_update_values
from sportello.core.startup import freeze_loaded_objects

log = logging.getLogger("sportello.ingest")

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=2)
# Events claimed and processed together: large enough that the per-batch costs (claim, transaction, lookups, the
# consoles' notification) are spread thin, small enough that the first message of a burst is not kept waiting.
BATCH = 200


def _account_for(channel: str, account_ref: str):  # type: ignore[no-untyped-def]
    """The ChannelAccount an update was addressed to, as its connector finds it (cached there)."""
    return get_connector(channel).account_for(account_ref)


def _apply(batch: ParsedBatch, event_id: int | None = None) -> tuple[dict[str, int], list[str]]:
    counts = {"messages": 0, "duplicates": 0, "statuses": 0, "others": 0}
    problems = list(batch.problems)
    for inbound in batch.messages:
        account = _account_for(inbound.channel, inbound.account_ref)
        if account is None:
            problems.append(f"message for unknown account {inbound.account_ref!r}")
            continue
        if not inbound.sender.keys():
            problems.append(f"message {inbound.kind} without a usable sender")
            continue
        with transaction.atomic():
            ctx = run_pipeline(
                InboundContext(inbound=inbound, account=account, municipality=account.municipality, event_id=event_id)
            )
        counts["duplicates" if ctx.duplicate else "messages"] += 1
    counts["statuses"] += _apply_statuses(batch, problems)
    counts["others"] += len(batch.others)
    _apply_others(batch)
    return counts, problems


def _apply_others(batch: ParsedBatch) -> None:
    """Updates that are neither messages nor statuses, for the channel to act on (e.g. template reviews)."""
    for update in batch.others:
        with transaction.atomic():
            apply_other(get_connector(update.channel), update)


def _apply_statuses(batch: ParsedBatch, problems: list[str]) -> int:
    offered, items = _statuses_to_apply(batch, problems)
    if not items:
        return offered
    # The statuses and their messages' moves together (an event on its own; a batch applies all its events' at once).
    with transaction.atomic(savepoint=False):
        return offered + sum(apply_many(items))


def _statuses_to_apply(batch: ParsedBatch, problems: list[str]) -> tuple[int, list[tuple[int, StatusUpdate]]]:
    """How many of the batch's statuses a handler took (e.g. campaign sends: applied in one batch, see
    statuses.deferred), and the others with their municipality, for `apply_many`."""
    offered = 0
    items = []
    for update in batch.statuses:
        account = _account_for(update.channel, update.account_ref)
        if account is None:
            problems.append(f"status for unknown account {update.account_ref!r}")
        elif offer(account.municipality_id, update):
            offered += 1
        else:
            items.append((account.municipality_id, update))
    return offered, items


def _retry_later(event: InboundEvent) -> InboundEvent:
    """Counted on the event itself: after MAX_ATTEMPTS it is failed (visible to admins) instead of retried."""
    event.attempts += 1
    event.state = InboundEvent.State.FAILED if event.attempts >= MAX_ATTEMPTS else InboundEvent.State.PENDING
    event.problem = traceback.format_exc(limit=5)[-2000:]
    event.processed_at = None
    # Retried after a pause, not in a tight loop.
    event.claimed_until = timezone.now() + timedelta(seconds=5 * event.attempts)
    return event


def process_event(event: InboundEvent) -> InboundEvent:
    """Apply one event on its own; its new state, problem and summary are set on the instance (saved by the caller)."""
    event.processed_at = timezone.now()
    event.claimed_until = None
    batch = _parse(event)
    if batch is None:
        return event
    try:
        counts, problems = _apply(batch, event.pk)
    except Exception:  # noqa: BLE001 - anything unexpected is kept on the event and retried
        log.exception("processing inbound event %s failed", event.pk)
        return _retry_later(event)
    others = [o.field for o in batch.others]
    event.summary = {**counts, **({"fields": others} if others else {})}
    event.state = InboundEvent.State.FLAGGED if problems else InboundEvent.State.DONE
    event.problem = "\n".join(problems)
    return event


def _parse(event: InboundEvent) -> ParsedBatch | None:
    """The event's updates, or None with the event flagged (unreadable, unknown channel, pathological body)."""
    try:
        return get_connector(event.channel).parse(bytes(event.body))
    except (UnparseableBody, LookupError) as exc:
        event.state, event.problem, event.summary = InboundEvent.State.FLAGGED, str(exc), {}
    except Exception as exc:  # noqa: BLE001 - e.g. nested past the recursion limit
        log.warning("inbound event %s could not be parsed: %s", event.pk, type(exc).__name__)
        event.state, event.summary = InboundEvent.State.FLAGGED, {}
        event.problem = f"unparseable body ({type(exc).__name__})"
    event.processed_at, event.claimed_until = timezone.now(), None
    return None


def _process_batch(claimed: list[InboundEvent]) -> list[InboundEvent]:
    """Every claimed event's messages through the batched pipeline in one transaction, then its statuses.

    Raises if anything fails: the caller then processes each event on its own, so a poison event is retried or
    failed by itself and never holds back the others.
    """
    parsed = [(event, batch) for event in claimed if (batch := _parse(event)) is not None]
    found: dict[int, tuple[dict[str, int], list[str]]] = {}
    # Consoles hear of the whole batch once, and its downloads are enqueued together, after it commits.
    with transaction.atomic(), events.batched(), tasks.batched():
        contexts: list[tuple[InboundEvent, InboundContext]] = []
        for event, batch in parsed:
            problems = list(batch.problems)
            found[event.pk] = ({"messages": 0, "duplicates": 0, "statuses": 0, "others": len(batch.others)}, problems)
            for inbound in batch.messages:
                account = _account_for(inbound.channel, inbound.account_ref)
                if account is None:
                    problems.append(f"message for unknown account {inbound.account_ref!r}")
                elif not inbound.sender.keys():
                    problems.append(f"message {inbound.kind} without a usable sender")
                else:
                    contexts.append((event, InboundContext(
                        inbound=inbound, account=account, municipality=account.municipality, event_id=event.pk)))
        run_batch([ctx for _event, ctx in contexts])
        for event, ctx in contexts:
            found[event.pk][0]["duplicates" if ctx.duplicate else "messages"] += 1
        to_apply: list[tuple[int, tuple[int, StatusUpdate]]] = []  # the statuses of every event, applied together
        for event, batch in parsed:
            offered, items = _statuses_to_apply(batch, found[event.pk][1])
            found[event.pk][0]["statuses"] += offered
            to_apply += [(event.pk, item) for item in items]
            _apply_others(batch)
        for (event_pk, _item), new in zip(to_apply, apply_many([item for _pk, item in to_apply])):
            found[event_pk][0]["statuses"] += new
    now = timezone.now()
    for event, batch in parsed:
        counts, problems = found[event.pk]
        others = [o.field for o in batch.others]
        event.summary = {**counts, **({"fields": others} if others else {})}
        event.state = InboundEvent.State.FLAGGED if problems else InboundEvent.State.DONE
        event.problem = "\n".join(problems)
        event.processed_at, event.claimed_until = now, None
    return claimed


def run_once(limit: int = BATCH) -> int:
    """Process up to `limit` pending events; returns how many were handled."""
    claimed = claim_rows(InboundEvent.objects.filter(state=InboundEvent.State.PENDING), limit=limit, lease=LEASE)
    if not claimed:
        return 0
    with in_hand(InboundEvent, [event.pk for event in claimed]):
        try:
            with deferred():  # statuses owned by a handler are applied together once the batch is parsed
                events_ = _process_batch(claimed)
        except Exception:  # noqa: BLE001 - something in the batch failed: each event again on its own
            log.exception("processing a batch of %d inbound events failed; processing them one by one", len(claimed))
            # One poison event must never hold back the others: alone, it fails (and is counted) by itself.
            events_ = [_process_alone(event) for event in claimed]
        # One short transaction for the whole batch keeps the webhook store's write lock free.
        with transaction.atomic(using=inbound_alias()):
            bulk_update_values(events_, ["state", "problem", "summary", "attempts", "processed_at", "claimed_until"])
    return len(claimed)


def _process_alone(event: InboundEvent) -> InboundEvent:
    try:
        with deferred():  # everything idempotent: what the batch already applied is not applied twice
            return process_event(event)
    except Exception:  # noqa: BLE001
        log.exception("inbound event %s failed on its own", event.pk)
        return _retry_later(event)


def drain() -> int:
    total = 0
    while handled := run_once():
        total += handled
    return total


GC_YOUNG_THRESHOLD = 50_000


def prepare() -> None:
    """Load what every message needs before the first one arrives: the shipped models (a few megabytes of JSON),
    the moderation lexicon, the routing catalogue's keywords, the channels' libraries and the pipeline's steps. The
    first replies to an alert then do not wait for them."""
    from sportello.connectors.registry import all_connectors
    from sportello.conversations.pipeline.runner import steps
    from sportello.intent import KindClassifier  # noqa: F401 - imported by the redirect step on first use
    from sportello.learning.linear import shipped
    from sportello.moderation.screening.detectors import lexical  # noqa: F401 - compiles the lexicon on import
    from sportello.policies.hours import italian_holidays
    from sportello.routing import Suggester
    from sportello.textkit.normalize import strip_accents

    steps()
    for task in ("moderation", "routing", "intent"):
        if model := shipped(task):
            model.warm()
    strip_accents("è")  # builds the table of combining marks
    all_connectors()  # imports every channel's client libraries
    italian_holidays(timezone.localdate().year)  # imports the holidays package's calendars
    Suggester(shipped_model=None)  # analyses the catalogue's keywords, which the municipalities' indexes share
    # What is loaded by now lives as long as the process (about a hundred thousand objects): frozen, the garbage
    # collector stops walking it at each full collection. And a batch allocates objects by the hundred thousand,
    # almost all freed by reference counting: at the default threshold (700) the collector ran about 500 times per
    # 1,500 messages, promoting batch objects to the older generations and walking them again. Together that was
    # 15 % of the pipeline's CPU; with both, about 2 %.
    freeze_loaded_objects()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def loop(stop: threading.Event, idle_sleep: float = 0.05) -> None:
    try:
        prepare()
    except Exception:  # noqa: BLE001 - a model that cannot load is reported when a message needs it
        log.exception("preparing the ingest loop failed")
    while not stop.is_set():
        close_old_connections()
        try:
            handled = run_once()
        except Exception:  # noqa: BLE001 - a broken database must not kill the worker; it retries
            log.exception("ingest loop iteration failed")
            handled = 0
        if not handled:
            stop.wait(idle_sleep)
