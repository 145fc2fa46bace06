"""An end-to-end world for tests: Sportello's real ASGI app and the WhatsApp sandbox, each on a real port.

    def test_something(world):
        world.citizen_sends("+393331234567", type="text", text={"body": "ciao"})
        world.settle()                     # ingest, outbox, tasks, status webhooks: until quiet
        inbox = world.inbox("+393331234567")

Webhooks travel sandbox → Sportello over HTTP (through the fast path), sends travel Sportello → sandbox over
HTTP. Background loops are driven by `settle()` so tests stay deterministic.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.conftest import ACCESS_TOKEN, APP_SECRET, drain_all, make_number

PHONE_NUMBER_ID = "109876543210001"


@dataclass
class World:
    sportello_url: str
    sandbox: Any  # sportello.sandbox.server.RunningSandbox
    number: Any  # whatsapp.WhatsAppNumber
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=15))
    telegram_bot: Any = None  # telegram.TelegramBot of the same municipality, its webhook set on the sandbox

    @property
    def municipality(self) -> Any:
        return self.number.account.municipality

    def sandbox_api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, f"{self.sandbox.base_url}/sandbox/api/{path}", **kwargs)
        response.raise_for_status()
        return response.json()

    def citizen_sends(self, citizen: str, **message: Any) -> dict[str, Any]:
        """A citizen (phone '+39…' or '@username') sends a message; returns the sandbox's answer (wamid, …)."""
        body = {"citizen": citizen, "phone_number_id": self.number.phone_number_id, **message}
        result = self.sandbox_api("POST", "send", json=body)
        assert result.get("webhook_status") == 200, result
        return result

    def citizen_sends_text(self, citizen: str, text: str, **extra: Any) -> dict[str, Any]:
        return self.citizen_sends(citizen, type="text", text={"body": text}, **extra)

    def citizen_sends_media(self, citizen: str, kind: str, content: bytes, mime: str, **extra: Any) -> dict[str, Any]:
        media = {"content_base64": base64.b64encode(content).decode(), "mime_type": mime, **extra}
        return self.citizen_sends(citizen, type=kind, **{kind: media})

    def inbox(self, citizen: str) -> list[dict[str, Any]]:
        return self.sandbox_api("GET", "inbox", params={"citizen": citizen})["messages"]

    # -- Telegram: users (a numeric id, "@username" or a name) write to the municipality's bot ---------------
    def telegram_api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, f"{self.sandbox.base_url}/sandbox/api/telegram/{path}", **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def telegram_user_sends(self, user: str, **message: Any) -> dict[str, Any]:
        """Returns the sandbox's answer: {message_id, chat_id, webhook_status}."""
        result = self.telegram_api("POST", "send", json={"user": user, **message})
        assert result.get("webhook_status") == 200, result
        return result

    def telegram_user_sends_text(self, user: str, text: str, **extra: Any) -> dict[str, Any]:
        return self.telegram_user_sends(user, type="text", text=text, **extra)

    def telegram_user_taps(self, user: str, message_id: int, data: str) -> dict[str, Any]:
        return self.telegram_api("POST", "tap", json={"user": user, "message_id": message_id, "data": data})

    def telegram_inbox(self, user: str) -> list[dict[str, Any]]:
        """What the bot sent this user (method, type, text, buttons, file…), oldest first."""
        return self.telegram_api("GET", "inbox", params={"user": user})["messages"]

    def settle(self, timeout: float = 15.0) -> None:
        """Run every background loop until the sandbox has nothing left to deliver and we nothing to process."""
        from sportello.conversations.models import InboundEvent, Message

        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            drain_all()
            stats = self.sandbox_api("GET", "stats")
            pending_webhooks = stats["webhook_queue_length"] + stats["webhook_inflight"]
            busy = (
                pending_webhooks
                or InboundEvent.objects.filter(state=InboundEvent.State.PENDING).exists()
                or Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__lte=_now()).exists()
            )
            quiet = 0 if busy else quiet + 1
            if quiet >= 3:
                return
            time.sleep(0.05)
        raise AssertionError("the world did not settle in time")


def _telegram_bot(municipality: Any, sandbox_url: str, sportello_url: str) -> Any:
    """The sandbox's default bot for the world's municipality, its webhook set as at start (setWebhook)."""
    from sportello.connectors.telegram.setup import ensure_bot, set_webhook
    from sportello.sandbox.telegram import DEFAULT_BOT_TOKEN

    bot = ensure_bot(
        municipality, token=DEFAULT_BOT_TOKEN, webhook_secret="world-telegram-secret",
        api_base_url=f"{sandbox_url}/sandbox",
    )
    set_webhook(bot, f"{sportello_url}/webhooks/telegram")
    return bot


def _now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


@pytest.fixture
def world(transactional_db, settings):
    from sportello.asgi import django_application
    from sportello.sandbox.config import BusinessNumber, SandboxConfig
    from sportello.sandbox.server import serve_in_thread, start_in_thread

    sportello_url, stop_sportello = serve_in_thread(django_application)
    config = SandboxConfig(
        numbers=[BusinessNumber(PHONE_NUMBER_ID, "390700000001", ACCESS_TOKEN, "209876543210001")],
        app_secret=APP_SECRET,
        webhook_url=f"{sportello_url}/webhooks/whatsapp",
        status_delay_ms=0,
    )
    sandbox = start_in_thread(config)
    number = make_number(PHONE_NUMBER_ID, api_base_url=sandbox.graph_url)
    world = World(sportello_url=sportello_url, sandbox=sandbox, number=number)
    world.telegram_bot = _telegram_bot(number.account.municipality, sandbox.base_url, sportello_url)
    try:
        yield world
    finally:
        world.http.close()
        sandbox.stop()
        stop_sportello()
