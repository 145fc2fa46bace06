"""The connector against the sandbox's Bot API over real HTTP: sending, errors, campaigns, media, webhook setup,
and the webhook's contract through Django (the fast path has its own test in test_e2e)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command

from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.connectors.base import CampaignItem, TransportError
from sportello.connectors.registry import get_connector
from sportello.connectors.telegram import parser
from sportello.connectors.telegram.models import TelegramBot
from sportello.connectors.telegram.setup import configure_from_env, ensure_bot
from sportello.conversations import outbound
from sportello.conversations.models import InboundEvent
from sportello.conversations.store import conversation_for
from sportello.municipalities.models import Municipality
from sportello.sandbox import SandboxConfig, create_app, serve_in_thread
from sportello.sandbox.telegram import TelegramBotConfig, TelegramSandboxConfig

TOKEN = "7200000001:connector-test-token"
SECRET = "connector-secret"
FIXTURES = Path(parser.__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def sandbox() -> Iterator[str]:
    base, stop = serve_in_thread(create_app(SandboxConfig(), TelegramSandboxConfig(
        bots=[TelegramBotConfig(TOKEN, "ComuneConnectorBot")], rate_per_second=1000)))
    yield base
    stop()


@pytest.fixture
def bot(db, sandbox) -> TelegramBot:
    municipality = Municipality.objects.create(slug="nuoro", name="Comune di Nuoro")
    return ensure_bot(municipality, token=TOKEN, webhook_secret=SECRET, api_base_url=f"{sandbox}/sandbox")


def start_chat(sandbox: str, name: str = "Anna Bianchi") -> int:
    response = httpx.post(f"{sandbox}/sandbox/api/telegram/send", json={"user": name, "type": "text", "text": "/start"})
    return response.json()["chat_id"]


def citizen_for(bot: TelegramBot, chat_id: int):  # type: ignore[no-untyped-def]
    return resolve_citizen(bot.account.municipality, SenderIdentity(telegram_id=str(chat_id), name="Anna Bianchi"))


def inbox(sandbox: str, chat_id: int) -> list[dict]:
    return httpx.get(f"{sandbox}/sandbox/api/telegram/inbox", params={"user": chat_id}).json()["messages"]


def test_send_reply_and_errors_explained(bot, sandbox):
    connector = get_connector("telegram")
    chat_id = start_chat(sandbox)
    citizen = citizen_for(bot, chat_id)
    assert connector.check_send(bot.account, citizen, "text").allowed  # no window on Telegram
    conversation = conversation_for(bot.account, citizen)
    first = outbound.queue_text(conversation, "Buongiorno")
    result = connector.send(bot.account, first)
    first.external_id = result.external_id
    first.save(update_fields=["external_id"])
    message_id = inbox(sandbox, chat_id)[0]["message_id"]
    assert result.external_id == f"7200000001:{chat_id}:{message_id}"
    second = outbound.queue_text(conversation, "Ecco il seguito", reply_to=first)
    connector.send(bot.account, second)
    assert inbox(sandbox, chat_id)[1]["reply_to"] == message_id

    httpx.post(f"{sandbox}/sandbox/api/telegram/faults", json={
        "fail_times": 1, "error_code": 429, "description": "Too Many Requests: retry after 7", "retry_after": 7})
    with pytest.raises(TransportError) as flood:
        connector.send(bot.account, second)
    assert (flood.value.code, flood.value.permanent) == (429, False)
    assert flood.value.title == "Troppi messaggi: Telegram chiede di riprovare tra 7 secondi."

    httpx.post(f"{sandbox}/sandbox/api/telegram/block", json={"user": chat_id, "blocked": True})
    with pytest.raises(TransportError) as blocked:
        connector.send(bot.account, second)
    assert (blocked.value.code, blocked.value.permanent) == (403, True)
    assert blocked.value.title == "Il cittadino ha bloccato il bot: il messaggio non può essere consegnato."


def test_a_citizen_without_telegram_cannot_be_written_to(bot):
    citizen = resolve_citizen(bot.account.municipality, SenderIdentity(phone="+393331234567"))
    check = get_connector("telegram").check_send(bot.account, citizen, "text")
    assert (check.allowed, check.code) == (False, "no_recipient")


def test_send_many_paces_uploads_once_and_reports_each_outcome(bot, sandbox):
    chats = [start_chat(sandbox, f"Utente {n}") for n in range(4)]
    citizens = [citizen_for(bot, c) for c in chats[:3]]
    stranger = resolve_citizen(bot.account.municipality, SenderIdentity(telegram_id="999000111"))
    content = {"key": "campaign-1", "title": "Allerta meteo", "text": "Scuole chiuse domani.", "link": "",
               "media": ("allerta.pdf", b"%PDF-1.4 allerta", "application/pdf"), "media_kind": "document"}
    items = [CampaignItem(n, 1, c, "free", content) for n, c in enumerate([*citizens, stranger])]
    started = time.monotonic()
    outcomes = get_connector("telegram").send_many(bot.account, items, rate=10)
    assert time.monotonic() - started >= 0.25  # four calls at 10/s: three gaps of 0.1 s
    assert [o.state for o in outcomes] == ["accepted", "accepted", "accepted", "failed"]
    assert (outcomes[3].error_code, outcomes[3].error_title) == (400, "Chat Telegram non trovata: il cittadino non ha mai avviato il bot.")
    received = [inbox(sandbox, c)[0] for c in chats[:3]]
    assert {r["text"] for r in received} == {"Allerta meteo\n\nScuole chiuse domani."}
    assert len({r["file"]["file_id"] for r in received}) == 1  # uploaded once, then sent by file_id
    assert httpx.get(f"{sandbox}/sandbox/api/telegram/stats").json()["sent_sendDocument"] == 3


def test_fetch_media_with_get_file(bot, sandbox):
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    httpx.post(f"{sandbox}/sandbox/api/telegram/send", json={
        "user": "Anna", "type": "photo", "content_base64": base64.b64encode(png).decode()})
    updates = httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/getUpdates").json()["result"]
    file_id = updates[-1]["message"]["photo"][-1]["file_id"]
    blob = get_connector("telegram").fetch_media(bot.account, file_id, "image")
    assert (blob.content, blob.mime_type) == (png, "image/png")
    with pytest.raises(TransportError) as missing:
        get_connector("telegram").fetch_media(bot.account, "no-such-file", "image")
    assert missing.value.permanent


def test_configured_from_the_environment_sets_the_webhook(db, sandbox, settings):
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    settings.TELEGRAM_API_BASE_URL = f"{sandbox}/sandbox"
    settings.SITE_URL = "https://sportello.comune.example"
    account = configure_from_env()
    assert account is not None and account.channel == "telegram"
    bot = account.telegram
    assert (bot.bot_id, bot.username, bot.api_base_url) == ("7200000001", "ComuneConnectorBot", "")
    assert bot.webhook_set_at is not None and bot.last_error == ""
    info = httpx.get(f"{sandbox}/sandbox/bot{TOKEN}/getWebhookInfo").json()["result"]
    assert info["url"] == "https://sportello.comune.example/webhooks/telegram"
    assert info["allowed_updates"] == ["message", "edited_message", "callback_query", "my_chat_member"]
    assert configure_from_env().pk == account.pk  # idempotent
    httpx.post(f"{sandbox}/sandbox/bot{TOKEN}/deleteWebhook")
    call_command("telegram_set_webhook", url="https://altro.example/webhooks/telegram")
    assert httpx.get(f"{sandbox}/sandbox/bot{TOKEN}/getWebhookInfo").json()["result"]["url"] == "https://altro.example/webhooks/telegram"


def test_a_webhook_that_cannot_be_set_at_start_is_set_by_the_worker_later(db, sandbox, settings, caplog,
                                                                          django_capture_on_commit_callbacks):
    """As in the demo: the bot is configured before the server listens. The failure is kept on the bot, the worker
    tries again after a pause, and succeeds once the API answers; after the last attempt an administrator is told."""
    import socket

    from django_tasks_db.models import DBTaskResult

    from sportello.connectors.telegram import setup

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET = TOKEN, SECRET
    settings.TELEGRAM_API_BASE_URL = f"http://127.0.0.1:{closed}/sandbox"
    settings.SITE_URL = "https://sportello.comune.example"
    with django_capture_on_commit_callbacks(execute=True):
        bot = configure_from_env().telegram
    assert bot.webhook_set_at is None and bot.last_error
    retry = DBTaskResult.objects.get(task_path="sportello.connectors.telegram.setup.retry_webhook")
    assert retry.args_kwargs["args"] == [bot.pk, 0]
    assert 2 <= (retry.run_after - retry.enqueued_at).total_seconds() <= 4  # a pause, not at once
    assert "WARNING" not in [r.levelname for r in caplog.records if r.name == "sportello.telegram"]

    with django_capture_on_commit_callbacks(execute=True):
        setup.retry_webhook.call(bot.pk, 0)  # still unreachable: once more, later
    assert DBTaskResult.objects.filter(args_kwargs__args=[bot.pk, 1]).exists()

    settings.TELEGRAM_API_BASE_URL = f"{sandbox}/sandbox"  # the server is up
    setup.retry_webhook.call(bot.pk, 1)
    bot.refresh_from_db()
    assert bot.webhook_set_at is not None and bot.last_error == ""
    info = httpx.get(f"{sandbox}/sandbox/bot{TOKEN}/getWebhookInfo").json()["result"]
    assert info["url"] == "https://sportello.comune.example/webhooks/telegram"

    settings.TELEGRAM_API_BASE_URL = f"http://127.0.0.1:{closed}/sandbox"
    with pytest.raises(TransportError):
        setup.set_webhook(bot)
    last = len(setup.WEBHOOK_RETRY_SECONDS) - 1
    with django_capture_on_commit_callbacks(execute=True) as scheduled:
        setup.retry_webhook.call(bot.pk, last)
    assert scheduled == []  # no attempt after the last
    bot.refresh_from_db()
    assert bot.last_error
    assert any(r.levelname == "WARNING" and "telegram_set_webhook" in r.getMessage() for r in caplog.records)


def test_a_bad_environment_is_refused_loudly(db, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET = "not-a-token", SECRET
    with pytest.raises(ImproperlyConfigured, match="TELEGRAM_BOT_TOKEN"):
        configure_from_env()
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_WEBHOOK_SECRET = TOKEN, ""
    with pytest.raises(ImproperlyConfigured, match="TELEGRAM_WEBHOOK_SECRET"):
        configure_from_env()
    assert not TelegramBot.objects.exists()


def test_django_webhook_view_checks_the_secret_and_stores_the_bot(bot, client):
    body = (FIXTURES / "callback_query.json").read_bytes()
    refused = client.post("/webhooks/telegram", data=body, content_type="application/json",
                          HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="not-it")
    assert refused.status_code == 401 and not InboundEvent.objects.exists()
    accepted = client.post("/webhooks/telegram", data=body, content_type="application/json",
                           HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET)
    assert accepted.status_code == 200
    # A button tap is answered in the 200 itself, so the citizen's spinner stops.
    assert json.loads(accepted.content) == {"method": "answerCallbackQuery", "callback_query_id": "4382bfdwdsb323b2d9"}
    event = InboundEvent.objects.get()
    assert event.channel == "telegram" and bytes(event.body) == parser.envelope("7200000001", body)
    assert get_connector("telegram").account_for("7200000001") == bot.account
