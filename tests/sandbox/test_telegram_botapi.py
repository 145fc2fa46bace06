"""The sandbox's Telegram side over real HTTP: a real Bot API client library (python-telegram-bot) talks to it,
updates reach a webhook with the secret-token header, and the Bot API's errors come back in its own shape."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sportello.sandbox import SandboxConfig, create_app, serve_in_thread
from sportello.sandbox.telegram import TelegramBotConfig, TelegramSandboxConfig

TOKEN = "7100000001:test-telegram-token"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Hook:
    """Stands in for Sportello's Telegram webhook: records updates and headers; answers as scripted."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.status = 200
        self.lock = threading.Lock()

    async def endpoint(self, request: Request) -> Response:
        body = json.loads(await request.body())
        with self.lock:
            self.posts.append({"update": body, "secret": request.headers.get("x-telegram-bot-api-secret-token"),
                               "answered": self.status})
        if self.status != 200:
            return Response("no", self.status)
        if "callback_query" in body:  # answer the tap in the webhook's response, as Sportello does
            return Response(json.dumps({"method": "answerCallbackQuery", "callback_query_id": body["callback_query"]["id"]}),
                            media_type="application/json")
        return Response("OK")


@pytest.fixture(scope="module")
def hook() -> Iterator[Hook]:
    hook = Hook()
    base, stop = serve_in_thread(Starlette(routes=[Route("/webhooks/telegram", hook.endpoint, methods=["POST"])]))
    hook.url = f"{base}/webhooks/telegram"  # type: ignore[attr-defined]
    yield hook
    stop()


@pytest.fixture
def sandbox(hook: Hook) -> Iterator[str]:
    config = TelegramSandboxConfig(
        bots=[TelegramBotConfig(TOKEN, "ComuneTestBot")], rate_per_second=1000, webhook_retry_base_ms=20,
    )
    base, stop = serve_in_thread(create_app(SandboxConfig(), config))
    hook.posts.clear()
    hook.status = 200
    yield base
    stop()


def user_api(base: str, path: str, **body: Any) -> dict[str, Any]:
    response = httpx.post(f"{base}/sandbox/api/telegram/{path}", json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def run(scenario: Any) -> None:
    """asyncio.run in a thread of its own: Playwright's sync API may already hold an event loop on this one."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(60)
    if errors:
        raise errors[0]


def bot(base: str) -> telegram.Bot:
    return telegram.Bot(TOKEN, base_url=f"{base}/sandbox/bot", base_file_url=f"{base}/sandbox/file/bot")


def test_python_telegram_bot_talks_to_the_sandbox(sandbox):
    started = user_api(sandbox, "send", user="Anna Bianchi", type="text", text="/start")
    chat_id = started["chat_id"]
    assert started["webhook_status"] is None  # no webhook yet: the update waits for getUpdates

    async def scenario() -> None:
        async with bot(sandbox) as client:
            me = await client.get_me()
            assert (me.id, me.username, me.is_bot) == (7100000001, "ComuneTestBot", True)
            updates = await client.get_updates()
            assert [u.message.text for u in updates] == ["/start"]
            assert updates[0].message.from_user.first_name == "Anna"
            assert updates[0].message.entities[0].type == "bot_command"

            sent = await client.send_message(
                chat_id, "Buongiorno, come possiamo aiutarla?",
                reply_markup=telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Orari", callback_data="orari")]]),
            )
            assert sent.text == "Buongiorno, come possiamo aiutarla?" and sent.chat.id == chat_id

            photo = await client.send_photo(chat_id, photo=PNG, caption="La mappa")
            assert photo.caption == "La mappa" and len(photo.photo) == 2
            file = await client.get_file(photo.photo[-1].file_id)
            # PTB turns file_path into the download URL on base_file_url
            assert file.file_size == len(PNG) and file.file_path.startswith(f"{sandbox}/sandbox/file/bot{TOKEN}/photos/")
            assert bytes(await file.download_as_bytearray()) == PNG

            where = await client.send_location(chat_id, latitude=39.2238, longitude=9.1217)
            assert (where.location.latitude, where.location.longitude) == (39.2238, 9.1217)

            with pytest.raises(telegram.error.BadRequest, match="(?i)chat not found"):
                await client.send_message(999, "nessuno")

    run(scenario)
    inbox = httpx.get(f"{sandbox}/sandbox/api/telegram/inbox", params={"user": chat_id}).json()["messages"]
    assert [(m["method"], m["type"], m["text"]) for m in inbox] == [
        ("sendMessage", "text", "Buongiorno, come possiamo aiutarla?"),
        ("sendPhoto", "photo", "La mappa"),
        ("sendLocation", "location", ""),
    ]
    assert inbox[0]["buttons"] == [[{"text": "Orari", "data": "orari"}]]


def test_updates_reach_the_webhook_with_the_secret_and_taps_are_answered(sandbox, hook):
    async def set_hook() -> None:
        async with bot(sandbox) as client:
            assert await client.set_webhook(hook.url, secret_token="segreto-1", allowed_updates=["message", "callback_query"])  # type: ignore[attr-defined]
            info = await client.get_webhook_info()
            assert info.url == hook.url and info.pending_update_count == 0  # type: ignore[attr-defined]

    run(set_hook)
    result = user_api(sandbox, "send", user="@marco_serra", type="text", text="C'è una buca in via Dante")
    assert result["webhook_status"] == 200
    post = hook.posts[-1]
    assert post["secret"] == "segreto-1"
    message = post["update"]["message"]
    assert message["text"] == "C'è una buca in via Dante" and message["chat"]["type"] == "private"
    assert message["from"]["username"] == "marco_serra" and message["from"]["id"] == result["chat_id"]

    # The bot answers with a button; the user taps it; the webhook's 200 carries answerCallbackQuery.
    response = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/sendMessage", json={
        "chat_id": result["chat_id"], "text": "Vuoi iscriverti?",
        "reply_markup": {"inline_keyboard": [[{"text": "Sì", "callback_data": "si"}]]},
    })
    sent = response.json()["result"]
    tapped = user_api(sandbox, "tap", user=str(result["chat_id"]), message_id=sent["message_id"], data="si")
    assert tapped["webhook_status"] == 200 and tapped["answered"] is True
    query = hook.posts[-1]["update"]["callback_query"]
    assert query["data"] == "si" and query["message"]["message_id"] == sent["message_id"]

    # A webhook that fails keeps the update pending (getWebhookInfo says so) and it is retried.
    hook.status = 500
    failed = user_api(sandbox, "send", user="@marco_serra", type="photo",
                      content_base64=base64.b64encode(PNG).decode(), caption="Eccola")
    assert failed["webhook_status"] == 500
    info = httpx.get(f"{sandbox}/sandbox/bot{TOKEN}/getWebhookInfo").json()["result"]
    assert info["pending_update_count"] == 1 and "500" in info["last_error_message"]
    hook.status = 200
    stats = httpx.get(f"{sandbox}/sandbox/api/telegram/stats", params={"drain": 5}).json()
    assert stats["pending_updates"] == 0
    photo = hook.posts[-1]["update"]["message"]
    assert photo["caption"] == "Eccola" and photo["photo"][-1]["file_size"] == len(PNG)


def test_bot_api_errors_in_the_bot_api_shape(sandbox):
    wrong = httpx.post(f"{sandbox}/sandbox/bot123:nope/getMe")
    assert (wrong.status_code, wrong.json()) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    unknown = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/launchRocket")
    assert unknown.status_code == 404 and unknown.json()["ok"] is False

    chat_id = user_api(sandbox, "send", user="Lia", type="text", text="/start")["chat_id"]
    user_api(sandbox, "block", user=str(chat_id), blocked=True)
    blocked = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/sendMessage", data={"chat_id": str(chat_id), "text": "ciao"})
    assert blocked.status_code == 403 and blocked.json()["description"] == "Forbidden: bot was blocked by the user"
    user_api(sandbox, "block", user=str(chat_id), blocked=False)

    user_api(sandbox, "faults", fail_times=1, error_code=429, description="Too Many Requests: retry after 3", retry_after=3)
    limited = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/sendMessage", json={"chat_id": chat_id, "text": "ciao"})
    assert limited.status_code == 429 and limited.json()["parameters"] == {"retry_after": 3}
    ok = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/sendMessage", json={"chat_id": chat_id, "text": "ciao"})
    assert ok.json()["ok"] is True

    bad_secret = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/setWebhook", json={"url": "http://x.test/h", "secret_token": "no spaces"})
    assert bad_secret.status_code == 400
