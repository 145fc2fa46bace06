"""The campaign sender: the Delivery outbox drained at the number's throughput, crash-safe, shareable by processes.

One cycle, per WhatsApp number (see docs/broadcasts.md for the guarantee):

1. **claim** (one transaction): up to `batch` due rows, emergencies first, move `queued → sending` with a fresh
   `claim_token`, `attempts + 1`, `attempt_at` and a short lease; the same transaction reserves their send slots
   on the number's `RateLedger`, so every process together stays at or below `throughput_per_second`;
2. **send** over one pooled aiohttp session, each request at its slot, with
   `biz_opaque_callback_data = "sp-bc:<id>:<attempt>"`;
3. **record** (one transaction per batch, guarded by the claim token): accepted, retry later (transient codes,
   exponential backoff), failed (permanent codes, never retried), or *in doubt* (the request may have reached
   Meta but its answer was lost): left `sending` for the reconciliation.

Nothing advances a "resume point": the state of each row is the resume point, written only after its send.
A kill -9 at any moment leaves rows `queued` (sent later), `accepted`/beyond (done), or `sending` (in doubt).
The reconciliation settles a row in doubt once its lease has expired, `IN_DOUBT_SECONDS` have passed since the
attempt, and every webhook received up to then has been ingested: a status for its callback data proves the send
(the status handler has already moved it on); no status means Meta never accepted it, and it is sent again
(or marked `unknown` for categories configured at-most-once).
"""

from __future__ import annotations

import asyncio
import json
import logging
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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from sportello.core.bulk import bulk_update_values
from sportello.broadcasts.models import Campaign, Delivery, RateLedger, callback_for
from sportello.citizens.models import Identity
from sportello.connectors.whatsapp.errors import WINDOW_CLOSED, describe, is_transient
from sportello.conversations.keys import message_key
from sportello.conversations.models import SERVICE_WINDOW, InboundEvent, ServiceWindow
from sportello.connectors.whatsapp.models import WhatsAppNumber

log = logging.getLogger("sportello.broadcasts.sender")
S = Delivery.State

_wakeup = threading.Event()


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


PAIR_LIMITED = 131056


def backoff(code: int | None, attempt: int) -> float:
    base = retry_base_seconds()
    if code == PAIR_LIMITED:  # Meta: retry after 4^n seconds
        return min(base * 4 ** attempt, 900.0)
    return min(base * 2 ** (attempt - 1), 300.0)


# -- work units ------------------------------------------------------------------------------------------------
@dataclass
class Job:
    delivery_id: int
    attempt: int
    body: bytes


@dataclass
class Batch:
    number_id: int
    token: str
    start: float  # unix seconds of the first slot
    rate: float
    url: str
    auth: str
    jobs: list[Job] = field(default_factory=list)
    no_recipient: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    delivery_id: int
    kind: str  # ok, retry, failed, doubt
    external_id: str = ""
    code: int | None = None
    title: str = ""


# -- database side (runs in the sender's DB thread) ---------------------------------------------------------------
class CampaignCache:
    """What a campaign's free-form message and template look like, built once per process."""

    def __init__(self) -> None:
        self._free: dict[tuple[int, str], dict[str, Any]] = {}
        self._template: dict[tuple[int, str], dict[str, Any]] = {}

    def parts(self, campaign_id: int, number: WhatsAppNumber) -> tuple[dict[str, Any], dict[str, Any]]:
        key = (campaign_id, number.phone_number_id)
        if key not in self._free:
            from sportello.broadcasts import services

            campaign = Campaign.objects.select_related("template", "municipality").get(pk=campaign_id)
            media_id = _media_id(campaign, number)
            text = services.free_form_text(campaign)
            if campaign.media_kind and media_id:
                media: dict[str, Any] = {"id": media_id}
                if text:
                    media["caption"] = text[:1024]
                if campaign.media_kind == "document":
                    media["filename"] = os.path.basename(campaign.media.name)
                free = {"type": campaign.media_kind, campaign.media_kind: media}
            else:
                free = {"type": "text", "text": {"body": text, "preview_url": bool(campaign.link)}}
            template = campaign.template
            components: list[dict[str, Any]] = []
            if template is not None and template.header and media_id:
                components.append(
                    {"type": "header", "parameters": [{"type": template.header, template.header: {"id": media_id}}]}
                )
            params = services.template_parameters(campaign)
            if params:
                components.append({"type": "body", "parameters": [{"type": "text", "text": p} for p in params]})
            tpl: dict[str, Any] = {"name": template.name if template else "", "language": {"code": template.language if template else "it"}}
            if components:
                tpl["components"] = components
            self._free[key] = free
            self._template[key] = {"type": "template", "template": tpl}
        return self._free[key], self._template[key]


def _media_id(campaign: Campaign, number: WhatsAppNumber) -> str:
    if not campaign.media:
        return ""
    known = (campaign.media_ids or {}).get(number.phone_number_id)
    if known:
        return str(known)
    from sportello.connectors.whatsapp.client import GraphClient

    import mimetypes

    with campaign.media.open("rb") as handle:
        content = handle.read()
    mime = mimetypes.guess_type(campaign.media.name)[0] or "application/octet-stream"
    media_id = GraphClient(number.graph_base_url, number.access_token, number.phone_number_id).upload_media(
        content, mime, os.path.basename(campaign.media.name)
    )
    campaign.media_ids = {**(campaign.media_ids or {}), number.phone_number_id: media_id}
    Campaign.objects.filter(pk=campaign.pk).update(media_ids=campaign.media_ids)
    return media_id


class Outbox:
    """Every database step of the sender. Synchronous: the async sender runs it in one dedicated thread."""

    def __init__(self, clock: Callable[[], datetime] = timezone.now) -> None:
        self.clock = clock
        self.campaigns = CampaignCache()
        self._numbers: dict[int, tuple[float, WhatsAppNumber]] = {}

    def number(self, number_id: int) -> WhatsAppNumber:
        cached = self._numbers.get(number_id)
        if cached and time.monotonic() - cached[0] < 30:
            return cached[1]
        number = WhatsAppNumber.objects.select_related("account").get(pk=number_id)
        self._numbers[number_id] = (time.monotonic(), number)
        return number

    def active_numbers(self) -> list[int]:
        now = self.clock()
        return list(
            Delivery.objects.filter(state=S.QUEUED, next_attempt_at__lte=now, campaign__state=Campaign.State.SENDING)
            .order_by()
            .values_list("number_id", flat=True)
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
                error_title=gettext("Esito incerto: nessuna conferma da WhatsApp entro l'attesa, non reinviato."),
            )
        if requeued or unknown:
            log.warning("reconciliation: %s sends in doubt requeued, %s marked unknown", requeued, unknown)
        return requeued, unknown

    def claim(self, number_id: int, limit: int) -> Batch | None:
        from sportello.broadcasts import services

        number = self.number(number_id)
        now = self.clock()
        token = secrets.token_hex(12)
        rate = float(min(max(number.throughput_per_second or 80, 1), 1000))
        with transaction.atomic():
            ids = list(
                Delivery.objects.filter(
                    number_id=number_id, state=S.QUEUED, next_attempt_at__lte=now, campaign__state=Campaign.State.SENDING
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
            rows = list(Delivery.objects.filter(pk__in=ids).values_list("pk", "attempts", "mode", "citizen_id", "campaign_id"))
            position = {pk: i for i, pk in enumerate(ids)}
            rows.sort(key=lambda r: position[r[0]])  # emergencies first, then in order
            citizen_ids = [r[3] for r in rows]
            reach: dict[int, dict[str, str]] = defaultdict(dict)
            for identity in Identity.objects.filter(
                citizen_id__in=citizen_ids, active=True, kind__in=[Identity.Kind.PHONE, Identity.Kind.BSUID]
            ).only("citizen_id", "kind", "value"):
                reach[identity.citizen_id][identity.kind] = identity.value
            open_windows = set(
                ServiceWindow.objects.filter(
                    account_id=number.account_id, citizen_id__in=citizen_ids,
                    last_inbound_at__gt=now - SERVICE_WINDOW + services.WINDOW_MARGIN,
                ).values_list("citizen_id", flat=True)
            )
            # Mode per recipient; templates count against the messaging limit (first attempts only).
            modes: dict[int, str] = {}
            for pk, attempts, mode, citizen_id, _ in rows:
                if mode == Delivery.Mode.TEMPLATE or citizen_id not in open_windows:
                    modes[pk] = Delivery.Mode.TEMPLATE
                else:
                    modes[pk] = Delivery.Mode.FREE_FORM
            new_templates = [r[0] for r in rows if modes[r[0]] == Delivery.Mode.TEMPLATE and r[1] == 1]
            remaining = services.tier_remaining(number, now)
            deferred: set[int] = set()
            if remaining is not None and len(new_templates) > remaining:
                deferred = set(new_templates[remaining:])
                Delivery.objects.filter(pk__in=deferred).update(
                    state=S.QUEUED, claim_token="", claimed_until=None, attempts=F("attempts") - 1,
                    next_attempt_at=services.tier_frees_at(number.pk, now),
                )
                new_templates = new_templates[:remaining]
            services.record_tier_usage(number.pk, len(new_templates), now)
            rows = [r for r in rows if r[0] not in deferred]
            for mode in (Delivery.Mode.TEMPLATE, Delivery.Mode.FREE_FORM):
                chosen = [pk for pk, m in modes.items() if m == mode and pk not in deferred]
                if chosen:
                    Delivery.objects.filter(pk__in=chosen).update(mode=mode)
            if not rows:
                return None
            ledger, _ = RateLedger.objects.select_for_update().get_or_create(number_id=number_id)
            start = max(ledger.reserved_until, time.time())  # pacing is physical time, whatever the injected clock
            ledger.reserved_until = start + len(rows) / rate
            ledger.save(update_fields=["reserved_until"])
        batch = Batch(
            number_id=number_id, token=token, start=start, rate=rate,
            url=f"{number.graph_base_url}/{number.phone_number_id}/messages",
            auth=f"Bearer {number.access_token}",
        )
        for pk, attempt, _, citizen_id, campaign_id in rows:
            who = reach.get(citizen_id, {})
            if Identity.Kind.PHONE in who:
                recipient = {"to": who[Identity.Kind.PHONE]}
            elif Identity.Kind.BSUID in who:
                recipient = {"recipient": who[Identity.Kind.BSUID]}
            else:
                batch.no_recipient.append(pk)
                continue
            free, template = self.campaigns.parts(campaign_id, number)
            body = {
                "messaging_product": "whatsapp", "recipient_type": "individual", **recipient,
                **(template if modes[pk] == Delivery.Mode.TEMPLATE else free),
                "biz_opaque_callback_data": callback_for(pk, attempt),
            }
            batch.jobs.append(Job(pk, attempt, json.dumps(body, ensure_ascii=False).encode()))
        return batch

    def record(self, batch: Batch, outcomes: list[Outcome]) -> None:
        """Write a batch's outcomes in one transaction; rows no longer held by this claim are left alone."""
        now = self.clock()
        mine = Delivery.objects.filter(claim_token=batch.token, state=S.SENDING)
        ok = [o for o in outcomes if o.kind == "ok"]
        limit = max_attempts()
        attempts = dict(Delivery.objects.filter(claim_token=batch.token).values_list("pk", "attempts"))
        with transaction.atomic():
            if ok:
                bulk_update_values(
                    [Delivery(pk=o.delivery_id, external_key=message_key("whatsapp", o.external_id)) for o in ok],
                    ["external_key"], guard={"claim_token": batch.token},
                )
                mine.filter(pk__in=[o.delivery_id for o in ok]).update(
                    state=S.ACCEPTED, accepted_at=now, claimed_until=None
                )
            failed: dict[tuple[int | None, str], list[int]] = defaultdict(list)
            retry: dict[tuple[int | None, str, float], list[int]] = defaultdict(list)
            to_template: list[int] = []
            for pk in batch.no_recipient:
                failed[(None, "Il cittadino non ha un numero WhatsApp o un ID utente.")].append(pk)
            for o in outcomes:
                if o.kind == "failed" and o.code == WINDOW_CLOSED:
                    to_template.append(o.delivery_id)
                elif o.kind == "failed" or (o.kind == "retry" and attempts.get(o.delivery_id, 0) >= limit):
                    failed[(o.code, o.title)].append(o.delivery_id)
                elif o.kind == "retry":
                    delay = backoff(o.code, attempts.get(o.delivery_id, 1))
                    retry[(o.code, o.title, delay)].append(o.delivery_id)
            for (code, title), ids in failed.items():
                mine.filter(pk__in=ids).update(
                    state=S.FAILED, failed_at=now, error_code=code, error_title=str(describe(code, title))[:300],
                    claimed_until=None, next_attempt_at=None,
                )
            for (code, title, delay), ids in retry.items():
                mine.filter(pk__in=ids).update(
                    state=S.QUEUED, next_attempt_at=now + timedelta(seconds=delay), error_code=code,
                    error_title=str(describe(code, title))[:300], claim_token="", claimed_until=None,
                )
            if to_template:
                mine.filter(pk__in=to_template, mode=Delivery.Mode.FREE_FORM).update(
                    state=S.QUEUED, mode=Delivery.Mode.TEMPLATE, next_attempt_at=now, claim_token="", claimed_until=None
                )
            doubt = [o.delivery_id for o in outcomes if o.kind == "doubt"]
            if doubt:  # the lease ends now; the reconciliation decides after the wait
                mine.filter(pk__in=doubt).update(claimed_until=now)

    def idle(self) -> bool:
        return not Delivery.objects.filter(
            state__in=[S.QUEUED, S.SENDING], campaign__state=Campaign.State.SENDING
        ).exists()


# -- network side ------------------------------------------------------------------------------------------------
def _classify(status: int, data: bytes) -> Outcome:
    try:
        payload = json.loads(data)
    except ValueError:
        payload = {}
    if status == 200:
        try:
            return Outcome(0, "ok", external_id=str(payload["messages"][0]["id"]))
        except (KeyError, IndexError, TypeError):
            return Outcome(0, "doubt", title="accepted without an id")
    error = payload.get("error", {}) if isinstance(payload, dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    title = str((error.get("error_data") or {}).get("details") or error.get("message") or f"HTTP {status}")
    if is_transient(code) or status >= 500 or status == 429:
        return Outcome(0, "retry", code=code, title=title)
    return Outcome(0, "failed", code=code, title=title)


class Sender:
    def __init__(
        self,
        clock: Callable[[], datetime] = timezone.now,
        concurrency: int = 128,
        max_batches_in_flight: int = 2,
        http_timeout: float = 15.0,
    ) -> None:
        self.outbox = Outbox(clock)
        self.clock = clock
        self.concurrency = concurrency
        self.max_batches = max_batches_in_flight
        self.http_timeout = http_timeout
        self.sent = 0
        self._db = ThreadPoolExecutor(1, thread_name_prefix="broadcast-db")

    async def _db_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        def call() -> Any:
            close_old_connections()
            return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(self._db, call)

    async def run(self, stop: threading.Event, until_idle: bool = False, housekeeping_every: float = 1.0) -> None:
        import aiohttp

        connector = aiohttp.TCPConnector(limit=self.concurrency, keepalive_timeout=30, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=self.http_timeout)
        self._sem = asyncio.Semaphore(self.concurrency)
        inflight: dict[int, set[asyncio.Task[None]]] = defaultdict(set)
        last_house = 0.0
        try:
            async with aiohttp.ClientSession(connector=connector, timeout=timeout, json_serialize=json.dumps) as session:
                while not stop.is_set():
                    if time.monotonic() - last_house >= housekeeping_every:
                        await self._db_call(self.outbox.housekeeping)
                        last_house = time.monotonic()
                    numbers = await self._db_call(self.outbox.active_numbers)
                    started = False
                    for number_id in numbers:
                        tasks = inflight[number_id]
                        if len(tasks) >= self.max_batches:
                            continue
                        number = await self._db_call(self.outbox.number, number_id)
                        size = int(max(1, min(500, (number.throughput_per_second or 80) // 2)))
                        batch = await self._db_call(self.outbox.claim, number_id, size)
                        if batch is None:
                            continue
                        task = asyncio.create_task(self._send_batch(session, batch))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                        started = True
                    everything = [t for ts in inflight.values() for t in ts]
                    if started and all(len(inflight[n]) >= self.max_batches for n in numbers):
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
            await asyncio.get_running_loop().run_in_executor(self._db, connections.close_all)
            self._db.shutdown(wait=True)

    async def _send_batch(self, session: Any, batch: Batch) -> None:
        loop = asyncio.get_running_loop()
        tasks: list[asyncio.Task[Outcome]] = []
        headers = {"Authorization": batch.auth, "Content-Type": "application/json"}
        offset = time.time() - loop.time()  # slots are wall-clock (shared by processes); sleeping is monotonic
        for index, job in enumerate(batch.jobs):
            due = batch.start + index / batch.rate - offset
            delay = due - loop.time()
            if delay > 0.002:
                await asyncio.sleep(delay)
            await self._sem.acquire()
            tasks.append(asyncio.create_task(self._send_one(session, batch.url, headers, job)))
        outcomes = list(await asyncio.gather(*tasks)) if tasks else []
        self.sent += sum(1 for o in outcomes if o.kind == "ok")
        try:
            await self._db_call(self.outbox.record, batch, outcomes)
        except Exception:  # noqa: BLE001 - the rows stay `sending`: the reconciliation settles them
            log.exception("recording a batch of %d outcomes failed", len(outcomes))

    async def _send_one(self, session: Any, url: str, headers: dict[str, str], job: Job) -> Outcome:
        import aiohttp

        try:
            async with session.post(url, data=job.body, headers=headers) as response:
                data = await response.read()
                outcome = _classify(response.status, data)
        except aiohttp.ClientConnectorError as exc:  # never connected: nothing reached Meta, safe to retry
            outcome = Outcome(0, "retry", title=f"network error: {type(exc).__name__}")
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:  # the request may have arrived
            outcome = Outcome(0, "doubt", title=f"response lost: {type(exc).__name__}")
        finally:
            self._sem.release()
        outcome.delivery_id = job.delivery_id
        return outcome


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


def loop(stop: threading.Event) -> None:
    """What `sportello worker` runs in a thread (see docs/broadcasts.md)."""
    while not stop.is_set():
        try:
            asyncio.run(Sender().run(stop))
        except Exception:  # noqa: BLE001 - keep the worker alive; rows are durable
            log.exception("campaign sender crashed; restarting")
            stop.wait(2.0)
