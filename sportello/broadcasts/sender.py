"""The campaign sender: the Delivery outbox drained at each channel account's rate, crash-safe, shareable by processes.

One cycle, per channel account (see docs/broadcasts.md for the guarantee):

1. **claim** (one transaction): up to `batch` due rows, emergencies first, move `queued → sending` with a fresh
   `claim_token`, `attempts + 1`, `attempt_at` and a short lease; the same transaction reserves their send slots
   on the account's `RateLedger`, so every process together stays at or below the rate the connector states;
2. **send** through the account's connector: `send_many(account, items, rate=…)`, each item carrying its reserved
   slot (`due`) and its callback data `"sp-bc:<id>:<attempt>"`, which the channel's statuses echo;
3. **record** (one transaction per batch, guarded by the claim token) the `CampaignOutcome` of each item:
   accepted, retry later (backoff), failed (never retried), deferred (the account's own limit: the attempt does
   not count), or *in doubt* (the request may have reached the channel but its answer was lost): left `sending`
   for the reconciliation.

Nothing advances a "resume point": the state of each row is the resume point, written only after its send.
A kill -9 at any moment leaves rows `queued` (sent later), `accepted`/beyond (done), or `sending` (in doubt).
The reconciliation settles a row in doubt once its lease has expired, `IN_DOUBT_SECONDS` have passed since the
attempt, and every webhook received up to then has been ingested: a status for its callback data proves the send
(the status handler has already moved it on); no status means the channel never accepted it, and it is sent again
(or marked `unknown` for categories configured at-most-once). Nothing here knows a channel: what a body looks
like, which errors are transient and what a channel's own limits are belong to its connector.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import secrets
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from sportello.broadcasts.models import Campaign, Delivery, RateLedger, callback_for
from sportello.citizens.models import Citizen, Identity
from sportello.connectors.base import CampaignItem, CampaignOutcome, campaign_rate
from sportello.connectors.registry import get_connector
from sportello.conversations.keys import message_key
from sportello.conversations.models import InboundEvent
from sportello.core.bulk import bulk_update_values
from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import ChannelAccount

log = logging.getLogger("sportello.broadcasts.sender")
S = Delivery.State

_wakeup = threading.Event()

# Sends per second for an account whose connector states no rate.
FALLBACK_RATE = 50.0
MAX_RATE = 1000.0
PREPARE_AHEAD = 0.1  # seconds before a batch's first slot that its connector is called


def wake() -> None:
    _wakeup.set()


def _setting(name: str, default: float) -> float:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def lease_seconds() -> float:
    return _setting("SPORTELLO_BROADCAST_LEASE_SECONDS", 15.0)


def in_doubt_seconds() -> float:
    return _setting("SPORTELLO_BROADCAST_IN_DOUBT_SECONDS", 60.0)


def retry_base_seconds() -> float:
    return _setting("SPORTELLO_BROADCAST_RETRY_BASE_SECONDS", 1.0)


def max_attempts() -> int:
    return int(_setting("SPORTELLO_BROADCAST_MAX_ATTEMPTS", 10))


def resend_in_doubt_categories() -> set[str]:
    value = getattr(settings, "SPORTELLO_BROADCAST_RESEND_IN_DOUBT", None)
    if value is None:
        value = os.environ.get("SPORTELLO_BROADCAST_RESEND_IN_DOUBT", "emergency,public_utility,news")
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return set(value)


def backoff(attempt: int) -> float:
    return min(retry_base_seconds() * 2 ** (attempt - 1), 300.0)


# -- work units ------------------------------------------------------------------------------------------------
@dataclass
class Batch:
    account_id: int
    channel: str
    token: str
    start: float  # unix seconds of the first slot
    rate: float
    items: list[CampaignItem] = field(default_factory=list)


# -- database side (runs in the sender's DB thread) ---------------------------------------------------------------
class CampaignCache:
    """A campaign's channel-neutral content (`CampaignItem.content`), built once per process and campaign."""

    def __init__(self) -> None:
        self._content: dict[int, dict[str, Any]] = {}

    def content(self, campaign_id: int) -> dict[str, Any]:
        if campaign_id not in self._content:
            from sportello.broadcasts import services

            campaign = Campaign.objects.select_related("template", "municipality").get(pk=campaign_id)
            media = None
            if campaign.media:
                with campaign.media.open("rb") as handle:
                    data = handle.read()
                name = os.path.basename(campaign.media.name)
                media = (name, data, mimetypes.guess_type(name)[0] or "application/octet-stream")
            template = campaign.template
            self._content[campaign_id] = {
                # Connectors cache a campaign's built parts and uploaded media by this key for the process's life:
                # the creation time keeps it unique even where a database hands out an id again (SQLite after a
                # flush or a restore).
                "key": f"campaign-{campaign.pk}-{campaign.created_at.timestamp():.6f}",
                "title": campaign.title,
                "text": campaign.text,
                "link": campaign.link,
                "media": media,
                "media_kind": campaign.media_kind if media else "",
                "template": None if template is None else {
                    "name": template.name, "language": template.language, "header": template.header,
                    "parameters": services.template_parameters(campaign),
                },
            }
        return self._content[campaign_id]


class Outbox:
    """Every database step of the sender. Synchronous: the async sender runs it in one dedicated thread."""

    def __init__(self, clock: Callable[[], datetime] = timezone.now) -> None:
        self.clock = clock
        self.campaigns = CampaignCache()
        self._accounts: dict[int, tuple[float, ChannelAccount, float]] = {}

    def _load(self, account_id: int) -> tuple[ChannelAccount, float]:
        cached = self._accounts.get(account_id)
        if cached and time.monotonic() - cached[0] < 30:
            return cached[1], cached[2]
        account = ChannelAccount.objects.get(pk=account_id)
        rate = campaign_rate(get_connector(account.channel), account) or FALLBACK_RATE
        rate = float(min(max(rate, 1.0), MAX_RATE))
        self._accounts[account_id] = (time.monotonic(), account, rate)
        return account, rate

    def account(self, account_id: int) -> ChannelAccount:
        return self._load(account_id)[0]

    def rate(self, account_id: int) -> float:
        return self._load(account_id)[1]

    def active_accounts(self) -> list[int]:
        now = self.clock()
        return list(
            Delivery.objects.filter(state=S.QUEUED, next_attempt_at__lte=now, campaign__state=Campaign.State.SENDING)
            .order_by()
            .values_list("account_id", flat=True)
            .distinct()
        )

    def housekeeping(self) -> None:
        from sportello.broadcasts import scheduler, services

        now = self.clock()
        scheduler.tick(now)
        self.reconcile(now)
        services.finish_completed(now)

    def reconcile(self, now: datetime | None = None) -> tuple[int, int]:
        """Settle sends in doubt: (requeued, marked unknown). See the module docstring."""
        now = now or self.clock()
        wait = timedelta(seconds=in_doubt_seconds())
        cutoff = now - wait
        oldest_pending = (
            InboundEvent.objects.filter(state=InboundEvent.State.PENDING)
            .order_by("received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        if oldest_pending is not None:
            cutoff = min(cutoff, oldest_pending - wait)  # every status that could have come is ingested first
        doubtful = Delivery.objects.filter(state=S.SENDING, claimed_until__lt=now, attempt_at__lte=cutoff)
        with transaction.atomic():
            requeued = doubtful.filter(campaign__category__in=resend_in_doubt_categories()).update(
                state=S.QUEUED, next_attempt_at=now, claim_token="", claimed_until=None
            )
            unknown = doubtful.update(
                state=S.UNKNOWN, claim_token="", claimed_until=None,
                error_title=gettext("Esito incerto: nessuna conferma dal canale entro l'attesa, non reinviato."),
            )
        if requeued or unknown:
            log.warning("reconciliation: %s sends in doubt requeued, %s marked unknown", requeued, unknown)
        return requeued, unknown

    def claim(self, account_id: int, limit: int) -> Batch | None:
        account, rate = self._load(account_id)
        now = self.clock()
        token = secrets.token_hex(12)
        with transaction.atomic():
            ids = list(
                Delivery.objects.filter(
                    account_id=account_id, state=S.QUEUED, next_attempt_at__lte=now,
                    campaign__state=Campaign.State.SENDING,
                )
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("priority", "id")
                .values_list("pk", flat=True)[:limit]
            )
            if not ids:
                return None
            Delivery.objects.filter(pk__in=ids).update(
                state=S.SENDING, claim_token=token, attempts=F("attempts") + 1, attempt_at=now,
                claimed_until=now + timedelta(seconds=lease_seconds()),
            )
            rows = list(
                Delivery.objects.filter(pk__in=ids).values_list("pk", "attempts", "mode", "citizen_id", "campaign_id")
            )
            position = {pk: i for i, pk in enumerate(ids)}
            rows.sort(key=lambda r: position[r[0]])  # emergencies first, then in order
            ledger, _ = RateLedger.objects.select_for_update().get_or_create(account_id=account_id)
            start = max(ledger.reserved_until, time.time())  # pacing is physical time, whatever the injected clock
            ledger.reserved_until = start + len(rows) / rate
            ledger.save(update_fields=["reserved_until"])
        # Identities come with the batch (one query, decrypted here): connectors find their recipient in them.
        identities = Identity.objects.only("pk", "citizen_id", "kind", "value", "active")
        citizens = (
            Citizen.objects.only("pk", "municipality_id").prefetch_related(Prefetch("identities", queryset=identities))
            .in_bulk([r[3] for r in rows])
        )
        batch = Batch(account_id=account_id, channel=account.channel, token=token, start=start, rate=rate)
        for index, (pk, attempt, mode, citizen_id, campaign_id) in enumerate(rows):
            batch.items.append(CampaignItem(
                delivery_id=pk, attempt=attempt, citizen=citizens[citizen_id],
                mode=Delivery.Mode.TEMPLATE if mode == Delivery.Mode.TEMPLATE else Delivery.Mode.FREE_FORM,
                content=self.campaigns.content(campaign_id), callback_data=callback_for(pk, attempt),
                due=start + index / rate,
            ))
        return batch

    def record(self, batch: Batch, outcomes: list[CampaignOutcome]) -> None:
        """Write a batch's outcomes in one transaction; rows no longer held by this claim are left alone."""
        now = self.clock()
        mine = Delivery.objects.filter(claim_token=batch.token, state=S.SENDING)
        limit = max_attempts()
        attempts = dict(Delivery.objects.filter(claim_token=batch.token).values_list("pk", "attempts"))
        by_state: dict[str, list[CampaignOutcome]] = defaultdict(list)
        for outcome in outcomes:
            state = outcome.state
            if state == "retry" and attempts.get(outcome.delivery_id, 0) >= limit:
                state = "failed"
            by_state[state].append(outcome)
        with transaction.atomic():
            accepted = by_state["accepted"]
            if accepted:
                bulk_update_values(
                    [Delivery(pk=o.delivery_id, external_key=message_key(batch.channel, o.external_id),
                              mode=o.mode or Delivery.Mode.FREE_FORM) for o in accepted],
                    ["external_key", "mode"], guard={"claim_token": batch.token},
                )
                mine.filter(pk__in=[o.delivery_id for o in accepted]).update(
                    state=S.ACCEPTED, accepted_at=now, claimed_until=None
                )
            groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
            for o in by_state["failed"]:
                groups[("failed", o.error_code, o.error_title[:300], o.mode)].append(o.delivery_id)
            for o in by_state["retry"]:
                delay = o.retry_after if o.retry_after is not None else backoff(attempts.get(o.delivery_id, 1))
                groups[("retry", o.error_code, o.error_title[:300], o.mode, delay)].append(o.delivery_id)
            for o in by_state["deferred"]:
                groups[("deferred", o.retry_at or now, o.mode)].append(o.delivery_id)
            for key, ids in groups.items():
                rows = mine.filter(pk__in=ids)
                mode = {"mode": key[-1]} if key[-1] else {}
                if key[0] == "failed":
                    rows.update(state=S.FAILED, failed_at=now, error_code=key[1], error_title=key[2],
                                claimed_until=None, next_attempt_at=None, **mode)
                elif key[0] == "retry":
                    rows.update(state=S.QUEUED, next_attempt_at=now + timedelta(seconds=key[4]), error_code=key[1],
                                error_title=key[2], claim_token="", claimed_until=None, **mode)
                else:  # the channel's own limit: not an attempt
                    rows.update(state=S.QUEUED, next_attempt_at=key[1], claim_token="", claimed_until=None,
                                attempts=F("attempts") - 1, **mode)
            doubt = [o.delivery_id for o in by_state["in_doubt"]]
            if doubt:  # the lease ends now; the reconciliation decides after the wait
                mine.filter(pk__in=doubt).update(claimed_until=now)

    def idle(self) -> bool:
        return not Delivery.objects.filter(
            state__in=[S.QUEUED, S.SENDING], campaign__state=Campaign.State.SENDING
        ).exists()


# -- sending side -------------------------------------------------------------------------------------------------
@scopes_disabled()  # runs in the sending pool's threads, for every municipality
def _deliver(batch: Batch, account: ChannelAccount) -> list[CampaignOutcome]:
    """Runs in a sending thread: the connector may block on the network and read the database."""
    close_old_connections()
    outcomes = get_connector(batch.channel).send_many(account, batch.items, rate=batch.rate)
    known = {item.delivery_id for item in batch.items}
    return [o for o in outcomes if o.delivery_id in known]


def _close_thread_connections(pool: ThreadPoolExecutor) -> None:
    """Close the database connections each sending thread opened: one task per thread, held at a barrier so that no
    thread takes two."""
    count = len(getattr(pool, "_threads", ())) or 1
    barrier = threading.Barrier(count)

    def close() -> None:
        try:
            barrier.wait(timeout=10)
        except threading.BrokenBarrierError:
            pass
        connections.close_all()

    for future in [pool.submit(close) for _ in range(count)]:
        future.result()


class Sender:
    def __init__(
        self,
        clock: Callable[[], datetime] = timezone.now,
        max_batches_in_flight: int = 2,
        sending_threads: int = 16,
    ) -> None:
        self.outbox = Outbox(clock)
        self.clock = clock
        self.max_batches = max_batches_in_flight
        self.sent = 0
        self._db = ThreadPoolExecutor(1, thread_name_prefix="broadcast-db")
        self._net = ThreadPoolExecutor(sending_threads, thread_name_prefix="broadcast-send")

    async def _db_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        def call() -> Any:
            close_old_connections()
            with scopes_disabled():  # a pool thread: a fresh context, and campaigns of every municipality
                return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(self._db, call)

    async def run(self, stop: threading.Event, until_idle: bool = False, housekeeping_every: float = 1.0) -> None:
        inflight: dict[int, set[asyncio.Task[None]]] = defaultdict(set)
        last_house = 0.0
        try:
            while not stop.is_set():
                if time.monotonic() - last_house >= housekeeping_every:
                    await self._db_call(self.outbox.housekeeping)
                    last_house = time.monotonic()
                accounts = await self._db_call(self.outbox.active_accounts)
                started = False
                for account_id in accounts:
                    tasks = inflight[account_id]
                    if len(tasks) >= self.max_batches:
                        continue
                    rate = await self._db_call(self.outbox.rate, account_id)
                    size = int(max(1, min(500, rate // 2)))
                    batch = await self._db_call(self.outbox.claim, account_id, size)
                    if batch is None:
                        continue
                    task = asyncio.create_task(self._send_batch(batch))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                    started = True
                everything = [t for ts in inflight.values() for t in ts]
                if started and all(len(inflight[a]) >= self.max_batches for a in accounts):
                    await asyncio.wait(everything, return_when=asyncio.FIRST_COMPLETED)
                elif not started:
                    if until_idle and not everything and await self._db_call(self.outbox.idle):
                        await self._db_call(self.outbox.housekeeping)
                        break
                    if everything:
                        await asyncio.wait(everything, timeout=0.2, return_when=asyncio.FIRST_COMPLETED)
                    else:
                        await asyncio.get_running_loop().run_in_executor(None, _wait_wakeup, stop, 0.2)
            everything = [t for ts in inflight.values() for t in ts]
            if everything:
                await asyncio.wait(everything)
        finally:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._db, connections.close_all)
            await loop.run_in_executor(None, _close_thread_connections, self._net)
            self._db.shutdown(wait=True)
            self._net.shutdown(wait=True)

    async def _send_batch(self, batch: Batch) -> None:
        loop = asyncio.get_running_loop()
        account = await self._db_call(self.outbox.account, batch.account_id)
        # The connector gets its batch just before the first slot (time to prepare; it paces by each item's `due`);
        # one that paces from the moment it is called instead still starts about at the batch's first slot.
        delay = batch.start - time.time() - PREPARE_AHEAD
        if delay > 0.002:
            await asyncio.sleep(delay)
        try:
            outcomes = await loop.run_in_executor(self._net, _deliver, batch, account)
        except Exception:  # noqa: BLE001 - what went out is unknown: in doubt, the reconciliation settles it
            log.exception("%s connector failed on a batch of %d", batch.channel, len(batch.items))
            outcomes = [CampaignOutcome(item.delivery_id, "in_doubt") for item in batch.items]
        self.sent += sum(1 for o in outcomes if o.state == "accepted")
        try:
            await self._db_call(self.outbox.record, batch, outcomes)
        except Exception:  # noqa: BLE001 - the rows stay `sending`: the reconciliation settles them
            log.exception("recording a batch of %d outcomes failed", len(outcomes))


def _wait_wakeup(stop: threading.Event, timeout: float) -> None:
    if _wakeup.wait(timeout):
        _wakeup.clear()


def run_until_idle(clock: Callable[[], datetime] = timezone.now, timeout: float = 60.0, **kwargs: Any) -> Sender:
    """Run a sender until no campaign has anything queued or in flight (tests, `run_sender --until-idle`)."""
    stop = threading.Event()
    timer = threading.Timer(timeout, stop.set)
    timer.start()
    sender = Sender(clock=clock, **kwargs)
    try:
        asyncio.run(sender.run(stop, until_idle=True, housekeeping_every=0.0))
    finally:
        timer.cancel()
    return sender


@scopes_disabled()  # system code: every municipality's campaigns
def loop(stop: threading.Event) -> None:
    """What `sportello worker` runs in a thread (see docs/broadcasts.md)."""
    while not stop.is_set():
        try:
            asyncio.run(Sender().run(stop))
        except Exception:  # noqa: BLE001 - keep the worker alive; rows are durable
            log.exception("campaign sender crashed; restarting")
            stop.wait(2.0)
