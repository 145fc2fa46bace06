"""A Telegram bot from the environment (single-municipality installs), and registering its webhook."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sportello.connectors.base import TransportError
from sportello.connectors.telegram.client import BotClient
from sportello.connectors.telegram.models import SECRET_SHAPE, TelegramBot, bot_id_of
from sportello.core.audit import audit
from sportello.core.scoping import scopes_disabled
from sportello.core.tasks import enqueue_on_commit
from sportello.municipalities.models import ChannelAccount, Municipality
from sportello.municipalities.setup import default_municipality

log = logging.getLogger("sportello.telegram")
WEBHOOK_PATH = "/webhooks/telegram"
# What Sportello reads; everything else Telegram would send is left out at the source.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
# When setWebhook fails at start (the server not listening yet, as in the demo; the network down), the worker
# tries again after each of these pauses before leaving it to an administrator.
WEBHOOK_RETRY_SECONDS = (3, 30, 300, 1800)


@transaction.atomic
def ensure_bot(
    municipality: Municipality,
    *,
    token: str,
    webhook_secret: str,
    username: str = "",
    api_base_url: str = "",
    label: str = "Telegram",
) -> TelegramBot:
    bot = TelegramBot.objects.select_related("account").filter(bot_id=bot_id_of(token)).first()
    if bot is None:
        account = ChannelAccount.objects.create(
            municipality=municipality, channel=ChannelAccount.Channel.TELEGRAM, label=label
        )
        bot = TelegramBot(account=account)
        audit("telegram_bot.created", municipality=municipality, target=account)
    bot.token = token
    bot.webhook_secret = webhook_secret
    bot.username = username or bot.username
    bot.api_base_url = api_base_url
    bot.full_clean(exclude=["account"])
    bot.save()
    return bot


def webhook_url() -> str:
    return settings.SITE_URL.rstrip("/") + WEBHOOK_PATH


def set_webhook(bot: TelegramBot, url: str | None = None) -> None:
    """Point Telegram at our webhook with the bot's secret; learn the bot's username. Raises TransportError."""
    client = BotClient(bot.base_url, bot.token)
    try:
        me = client.call("getMe")
        if isinstance(me, dict) and me.get("username"):
            bot.username = str(me["username"])
        client.call("setWebhook", {
            "url": url or webhook_url(),
            "secret_token": bot.webhook_secret,
            "allowed_updates": ALLOWED_UPDATES,
            "max_connections": 40,
        })
    except TransportError as exc:
        bot.last_error = (exc.title or exc.message)[:300]
        bot.save(update_fields=["last_error"])
        raise
    bot.webhook_set_at = timezone.now()
    bot.last_error = ""
    bot.save(update_fields=["username", "webhook_set_at", "last_error"])
    audit("telegram_bot.webhook_set", municipality=bot.account.municipality, target=bot.account)


def configure_from_env() -> ChannelAccount | None:
    """Single-municipality installs: TELEGRAM_* variables define (or update) the one bot and set its webhook."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return None
    try:
        bot_id = bot_id_of(settings.TELEGRAM_BOT_TOKEN)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TELEGRAM_BOT_TOKEN: {exc}") from None
    if not SECRET_SHAPE.fullmatch(settings.TELEGRAM_WEBHOOK_SECRET):
        raise ImproperlyConfigured(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters among A-Z a-z 0-9 _ - (it is how webhooks are verified)"
        )
    existing = TelegramBot.objects.select_related("account__municipality").filter(bot_id=bot_id).first()
    municipality = existing.account.municipality if existing is not None else default_municipality()
    bot = ensure_bot(
        municipality,
        token=settings.TELEGRAM_BOT_TOKEN,
        webhook_secret=settings.TELEGRAM_WEBHOOK_SECRET,
        api_base_url="",  # the bot follows TELEGRAM_API_BASE_URL
    )
    try:
        set_webhook(bot)
    except TransportError as exc:
        # Not fatal: the server may not be reachable yet (the demo starts it next).
        log.info("setWebhook for the Telegram bot failed (%s); the worker tries again shortly", exc)
        _retry_webhook_later(bot.pk, 0)
    return bot.account


def _retry_webhook_later(bot_id: int, attempt: int) -> None:
    later = timezone.now() + timedelta(seconds=WEBHOOK_RETRY_SECONDS[attempt])
    enqueue_on_commit(retry_webhook.using(run_after=later), bot_id, attempt)


@task()
@scopes_disabled()  # a background task: system code across municipalities
def retry_webhook(bot_id: int, attempt: int) -> None:
    """setWebhook again for a bot whose webhook could not be set at start; after the last attempt the failure stays
    on the bot (its `last_error`, shown in the admin) and in the log."""
    bot = TelegramBot.objects.select_related("account__municipality").filter(pk=bot_id).first()
    if bot is None or not bot.last_error:
        return  # removed, or set meanwhile (e.g. by `sportello manage telegram_set_webhook`)
    try:
        set_webhook(bot)
    except TransportError as exc:
        if attempt + 1 < len(WEBHOOK_RETRY_SECONDS):
            _retry_webhook_later(bot.pk, attempt + 1)
            return
        log.warning("setWebhook for the Telegram bot failed %d times (%s); run `sportello manage "
                    "telegram_set_webhook`", attempt + 2, exc)
