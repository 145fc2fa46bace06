"""WhatsApp's side of the campaign path: `WhatsAppConnector.send_many` (see docs/broadcasts.md).

The channel-neutral sender (`broadcasts/sender.py`) claims a batch of deliveries for one account, reserves their
send slots on the account's shared rate ledger and hands them here as `CampaignItem`s. This module decides what
each citizen gets and sends it:

* **the form** — the free-form message if the citizen wrote within the last 24 hours (with 10 minutes to spare),
  else the campaign's approved template (its `{{n}}` filled by the sender); a free-form send Meta refuses with
  131047 (its window and ours disagreed) comes back as "retry as the template";
* **the messaging limit** — templates count against the number's `MessagingTier` (unique users outside the window
  per rolling 24 h, counted per hour and per first attempt, conservatively): those beyond it are deferred until
  the oldest counted hour leaves the 24 h;
* **the media** — a campaign's image or document is uploaded once per campaign and number (per process) and sent
  by its media id, also as the template's header;
* **the request** — Graph JSON with `biz_opaque_callback_data` (the sender's callback data, which statuses echo),
  POSTed over one pooled keep-alive aiohttp session, each request at its reserved slot;
* **the answer** — accepted (with the wamid), retry (transient codes, HTTP 5xx/429, a connection never made;
  131056 after 4ⁿ seconds), failed (every other code, explained in Italian by `errors.describe`), or in doubt (the
  request was written and its answer lost: the sender's reconciliation settles it by callback data).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Sequence

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from sportello.citizens.models import Identity
from sportello.connectors.base import CampaignCapacity, CampaignItem, CampaignOutcome, TransportError
from sportello.connectors.whatsapp.errors import WINDOW_CLOSED, describe, is_transient
from sportello.connectors.whatsapp.models import MessagingTier, TierUsage, WhatsAppNumber
from sportello.connectors.whatsapp.window import SERVICE_WINDOW
from sportello.conversations.models import ServiceWindow

if TYPE_CHECKING:
    from sportello.municipalities.models import ChannelAccount

# A free-form message needs the window open for at least this long still, or the template goes.
WINDOW_MARGIN = timedelta(minutes=10)
PAIR_LIMITED = 131056  # too many messages to one citizen: Meta asks for 4^n seconds between retries
CONCURRENCY = 128  # requests in flight per process
HTTP_TIMEOUT = 15.0
FREE, TEMPLATE = "free", "template"


# -- the messaging limit -------------------------------------------------------------------------------------------
def tier_limit(number: WhatsAppNumber) -> int | None:
    tier = MessagingTier.objects.filter(number=number).first()
    if tier is None:
        return int(getattr(settings, "SPORTELLO_BROADCAST_DEFAULT_TIER", 250)) or None
    return tier.limit


def tier_used(number_id: int, now: datetime) -> int:
    since = now - timedelta(hours=24)
    return int(sum(TierUsage.objects.filter(number_id=number_id, hour__gt=since).values_list("count", flat=True)))


def tier_remaining(number: WhatsAppNumber, now: datetime) -> int | None:
    limit = tier_limit(number)
    if limit is None:
        return None
    return max(0, limit - tier_used(number.pk, now))


def record_tier_usage(number_id: int, count: int, now: datetime) -> None:
    if not count:
        return
    hour = now.replace(minute=0, second=0, microsecond=0)
    if not TierUsage.objects.filter(number_id=number_id, hour=hour).update(count=F("count") + count):
        TierUsage.objects.create(number_id=number_id, hour=hour, count=count)


def tier_frees_at(number_id: int, now: datetime) -> datetime:
    """When the oldest hour counted in the rolling 24 h leaves it."""
    oldest = TierUsage.objects.filter(number_id=number_id, hour__gt=now - timedelta(hours=24)).order_by("hour").first()
    return (oldest.hour + timedelta(hours=24, minutes=1)) if oldest else now + timedelta(minutes=5)


def open_windows(account_id: int, citizen_ids: Any, now: datetime) -> Any:
    """The citizens (of `citizen_ids`, a list or a queryset) a free-form message may reach now."""
    return ServiceWindow.objects.filter(
        account_id=account_id, citizen_id__in=citizen_ids, last_inbound_at__gt=now - SERVICE_WINDOW + WINDOW_MARGIN
    ).values_list("citizen_id", flat=True)


def capacity(account: "ChannelAccount", citizens: Any, now: datetime) -> CampaignCapacity:
    """For the preview: who gets the free form (window open), who the template, and how many templates fit in
    today's messaging limit."""
    total = citizens.count()
    free = open_windows(account.pk, citizens.values("pk"), now).count()
    need = total - free
    number = account.whatsapp
    limit, remaining = tier_limit(number), tier_remaining(number, now)
    fits = need if remaining is None else min(need, remaining)
    return CampaignCapacity(total, free, need, limit, remaining, free + fits, need - fits)


# -- bodies ----------------------------------------------------------------------------------------------------------
class _Parts:
    """A campaign's free-form and template parts for one number, built once per process."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, number: WhatsAppNumber, content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        key = (str(content.get("key", id(content))), number.phone_number_id)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = self._build(number, content)
            return self._cache[key]

    def _build(self, number: WhatsAppNumber, content: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        media_id, filename = "", ""
        if content.get("media"):
            filename, data, mime = content["media"]
            from sportello.connectors.whatsapp.client import GraphClient

            # Uploaded once per campaign and number: every recipient's message points at the same media id.
            media_id = GraphClient(number.graph_base_url, number.access_token, number.phone_number_id).upload_media(
                data, mime, filename
            )
        text = "\n\n".join(p for p in (str(content.get("text", "")).strip(), content.get("link", "")) if p)[:4096]
        kind = content.get("media_kind") or ""
        if kind and media_id:
            media: dict[str, Any] = {"id": media_id}
            if text:
                media["caption"] = text[:1024]
            if kind == "document":
                media["filename"] = filename
            free: dict[str, Any] = {"type": kind, kind: media}
        else:
            free = {"type": "text", "text": {"body": text, "preview_url": bool(content.get("link"))}}
        spec = content.get("template") or {}
        components: list[dict[str, Any]] = []
        header = spec.get("header") or ""
        if header in ("image", "document", "video") and media_id:
            components.append({"type": "header", "parameters": [{"type": header, header: {"id": media_id}}]})
        if spec.get("parameters"):
            components.append({"type": "body", "parameters": [{"type": "text", "text": p} for p in spec["parameters"]]})
        template: dict[str, Any] = {"name": spec.get("name", ""), "language": {"code": spec.get("language") or "it"}}
        if components:
            template["components"] = components
        return free, {"type": "template", "template": template}


# -- the network side: one event loop per process, one pooled session -------------------------------------------
class _Engine:
    """aiohttp in a dedicated event loop thread, so that synchronous `send_many` calls (several batches at once,
    from the sender's worker threads) share one pool of keep-alive connections and one concurrency limit."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: Any = None
        self._sem: asyncio.Semaphore | None = None
        self._lock = threading.Lock()

    def run(self, coroutine: Any) -> Any:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="whatsapp-campaigns", daemon=True).start()
                atexit.register(self.close)
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def close(self) -> None:
        """Close the pooled connections (at exit: the loop's thread is a daemon)."""
        if self._loop is not None and self._session is not None and not self._session.closed:
            try:
                asyncio.run_coroutine_threadsafe(self._session.close(), self._loop).result(timeout=5)
            except Exception:  # noqa: BLE001 - the process is ending anyway
                pass

    async def session(self) -> Any:
        import aiohttp

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=CONCURRENCY, keepalive_timeout=30, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT)
            )
            self._sem = asyncio.Semaphore(CONCURRENCY)
        return self._session

    async def post_all(
        self, url: str, auth: str, jobs: list[tuple[int, float, dict[str, Any]]]
    ) -> list[CampaignOutcome]:
        """POST each (delivery id, due unix time, body) no earlier than its slot; one outcome each, in order.
        Bodies are serialised one by one as their slot comes, so a batch's first request is not kept waiting."""
        session = await self.session()
        assert self._sem is not None
        loop = asyncio.get_running_loop()
        headers = {"Authorization": auth, "Content-Type": "application/json"}
        offset = time.time() - loop.time()  # slots are wall-clock (shared by processes); sleeping is monotonic
        tasks: list[asyncio.Task[CampaignOutcome]] = []
        for delivery_id, due, body in jobs:
            delay = due - offset - loop.time()
            if delay > 0.002:
                await asyncio.sleep(delay)
            data = json.dumps(body, ensure_ascii=False).encode()
            await self._sem.acquire()
            tasks.append(asyncio.create_task(self._post(session, url, headers, delivery_id, data)))
        return list(await asyncio.gather(*tasks)) if tasks else []

    async def _post(
        self, session: Any, url: str, headers: dict[str, str], delivery_id: int, body: bytes
    ) -> CampaignOutcome:
        import aiohttp

        try:
            async with session.post(url, data=body, headers=headers) as response:
                outcome = classify(response.status, await response.read())
        except aiohttp.ClientConnectorError as exc:  # never connected: nothing reached Meta, safe to retry
            outcome = CampaignOutcome(0, "retry", error_title=f"network error: {type(exc).__name__}")
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:  # the request may have arrived
            outcome = CampaignOutcome(0, "in_doubt", error_title=f"response lost: {type(exc).__name__}")
        finally:
            assert self._sem is not None
            self._sem.release()
        outcome.delivery_id = delivery_id
        return outcome


def classify(status: int, data: bytes) -> CampaignOutcome:
    """A Graph answer → accepted, retry, failed, or in doubt (a 200 without an id)."""
    try:
        payload = json.loads(data)
    except ValueError:
        payload = {}
    if status == 200:
        try:
            return CampaignOutcome(0, "accepted", external_id=str(payload["messages"][0]["id"]))
        except (KeyError, IndexError, TypeError):
            return CampaignOutcome(0, "in_doubt", error_title="accepted without an id")
    error = payload.get("error", {}) if isinstance(payload, dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    title = str((error.get("error_data") or {}).get("details") or error.get("message") or f"HTTP {status}")
    if is_transient(code) or status >= 500 or status == 429:
        return CampaignOutcome(0, "retry", error_code=code, error_title=title)
    return CampaignOutcome(0, "failed", error_code=code, error_title=title)


def _retry_base() -> float:
    value = getattr(settings, "SPORTELLO_BROADCAST_RETRY_BASE_SECONDS", None)
    if value is None:
        value = os.environ.get("SPORTELLO_BROADCAST_RETRY_BASE_SECONDS")
    return float(value) if value not in (None, "") else 1.0


def _explain(outcome: CampaignOutcome, item: CampaignItem, mode: str) -> CampaignOutcome:
    outcome.mode = mode
    if outcome.state in ("retry", "failed"):
        if outcome.error_code == WINDOW_CLOSED and mode == FREE:  # our window and Meta's disagreed: the template
            outcome.state, outcome.mode, outcome.retry_after = "retry", TEMPLATE, 0.0
        elif outcome.error_code == PAIR_LIMITED:  # Meta: wait 4^n seconds (scaled like the sender's backoff)
            outcome.retry_after = min(_retry_base() * 4 ** item.attempt, 900.0)
        outcome.error_title = str(describe(outcome.error_code, outcome.error_title))[:300]
    return outcome


# -- send_many ---------------------------------------------------------------------------------------------------------
class CampaignSender:
    def __init__(self) -> None:
        self.parts = _Parts()
        self.engine = _Engine()

    def send_many(
        self, account: "ChannelAccount", items: Sequence[CampaignItem], rate: float | None = None
    ) -> list[CampaignOutcome]:
        number = WhatsAppNumber.objects.get(account_id=account.pk)
        now = timezone.now()
        citizen_ids = [item.citizen.pk for item in items]
        reach: dict[int, dict[str, str]] = defaultdict(dict)
        for item in items:  # the sender prefetches the identities with the batch
            for identity in item.citizen.identities.all():
                if identity.active and identity.kind in (Identity.Kind.PHONE, Identity.Kind.BSUID):
                    reach[item.citizen.pk][identity.kind] = identity.value
        window = set(open_windows(account.pk, citizen_ids, now))
        outcomes: dict[int, CampaignOutcome] = {}
        modes: dict[int, str] = {}
        for item in items:
            if not reach.get(item.citizen.pk):
                outcomes[item.delivery_id] = CampaignOutcome(
                    item.delivery_id, "failed",
                    error_title=gettext("Il cittadino non ha un numero WhatsApp o un ID utente."),
                )
            else:
                free_ok = item.mode != TEMPLATE and item.citizen.pk in window
                modes[item.delivery_id] = FREE if free_ok else TEMPLATE
        # Templates count against the messaging limit (first attempts only); the rest wait for it to free up.
        # An unlimited number keeps no count (a write per batch for nothing).
        new_templates = [i.delivery_id for i in items if modes.get(i.delivery_id) == TEMPLATE and i.attempt == 1]
        remaining = tier_remaining(number, now) if new_templates else None
        if remaining is not None:
            if len(new_templates) > remaining:
                frees_at = tier_frees_at(number.pk, now)
                for delivery_id in new_templates[remaining:]:
                    outcomes[delivery_id] = CampaignOutcome(delivery_id, "deferred", mode=TEMPLATE, retry_at=frees_at)
                    del modes[delivery_id]
                new_templates = new_templates[:remaining]
            record_tier_usage(number.pk, len(new_templates), now)

        jobs: list[tuple[int, float, dict[str, Any]]] = []
        by_id = {item.delivery_id: item for item in items}
        for item in items:
            mode = modes.get(item.delivery_id)
            if mode is None:
                continue
            who = reach[item.citizen.pk]
            phone, bsuid = who.get(Identity.Kind.PHONE, ""), who.get(Identity.Kind.BSUID, "")
            recipient = {"to": phone} if phone else {"recipient": bsuid}
            try:
                free, template = self.parts.get(number, item.content)
            except TransportError as exc:  # the media upload failed: nothing was sent
                outcomes[item.delivery_id] = CampaignOutcome(
                    item.delivery_id, "failed" if exc.permanent else "retry", error_code=exc.code, mode=mode,
                    error_title=str(describe(exc.code, exc.title or exc.message))[:300],
                )
                continue
            body = {
                "messaging_product": "whatsapp", "recipient_type": "individual", **recipient,
                **(template if mode == TEMPLATE else free),
            }
            if item.callback_data:
                body["biz_opaque_callback_data"] = item.callback_data
            jobs.append((item.delivery_id, item.due, body))
        if jobs:
            url = f"{number.graph_base_url}/{number.phone_number_id}/messages"
            for outcome in self.engine.run(self.engine.post_all(url, f"Bearer {number.access_token}", jobs)):
                pk = outcome.delivery_id
                outcomes[pk] = _explain(outcome, by_id[pk], modes[pk])
        return [outcomes[item.delivery_id] for item in items]


_sender: CampaignSender | None = None
_sender_lock = threading.Lock()


def sender() -> CampaignSender:
    """The process's campaign sender (one pooled session, one media cache)."""
    global _sender
    with _sender_lock:
        if _sender is None:
            _sender = CampaignSender()
        return _sender
