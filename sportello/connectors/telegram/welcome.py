"""The welcome a citizen receives on opening the bot (/start): the bot's own text, or the default.

A bare /start is stored as a `system` message (commands.py), which no policy answers; Telegram users expect the
bot to greet them, so this receiver queues the welcome through the outbox when such a message is first stored.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from sportello.connectors.base import MessageKind
from sportello.connectors.telegram.commands import BOT_STARTED
from sportello.conversations.models import Message

log = logging.getLogger("sportello.telegram")


def default_text() -> str:
    return _(
        "Benvenuto nel canale Telegram dell'{ufficio} del {comune}! Scrivici qui domande e segnalazioni, anche "
        "con foto, documenti e posizione: ti risponderemo appena possibile. Per non ricevere più messaggi scrivi /stop."
    )


def welcome_on_start(sender: Any, instance: Message, created: bool, **_: Any) -> None:
    if not created or instance.kind != MessageKind.SYSTEM or instance.direction != Message.Direction.INBOUND:
        return
    if (instance.payload or {}).get("type") != BOT_STARTED:
        return
    from sportello.conversations import outbound
    from sportello.policies.services import render

    conversation = instance.conversation
    bot = getattr(conversation.account, "telegram", None)
    text = render((bot.welcome_text if bot else "") or default_text(), conversation.municipality)
    try:
        outbound.queue_text(conversation, text, reply_to=None)
    except outbound.SendRefused as refused:
        log.info("telegram welcome not sent: %s", refused.code)


post_save.connect(welcome_on_start, sender=Message, dispatch_uid="telegram_welcome_on_start")
