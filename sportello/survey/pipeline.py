"""Inbound pipeline step: a survey answer is taken here, before it could reopen the conversation, open a case
or reach moderation. Registered in settings.SPORTELLO_INBOUND_PIPELINE right after the citizen is identified."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Greatest

from sportello.conversations.keys import message_key
from sportello.conversations.models import ServiceWindow
from sportello.conversations.pipeline.context import InboundContext
from sportello.survey import services


def intercept_answers(ctx: InboundContext) -> None:
    inbound = ctx.inbound
    citizen = ctx.citizen
    if citizen is None or inbound.payload.get("echo") or citizen.blocked_at is not None:
        return  # a blocked citizen's messages take the usual way (moderation decides what they are)
    reply = services.parse_reply(inbound, citizen, ctx.account)
    if reply is None:
        return
    _touch_window(ctx, inbound.sent_at)
    outcome = services.apply_chat_reply(reply, citizen, key=message_key(inbound.channel, inbound.external_id) or "",
                                        at=inbound.sent_at)
    if outcome is None:
        return  # a survey id that is not this citizen's: an ordinary message
    ctx.notes["survey"] = outcome
    ctx.stop = True


def _touch_window(ctx: InboundContext, at) -> None:  # type: ignore[no-untyped-def]
    """The answer is a message from the citizen: channels with a reply window count it (the next question needs it)."""
    updated = ServiceWindow.objects.filter(account=ctx.account, citizen=ctx.citizen).update(
        last_inbound_at=Greatest(F("last_inbound_at"), at)
    )
    if not updated:
        ServiceWindow.objects.get_or_create(account=ctx.account, citizen=ctx.citizen, defaults={"last_inbound_at": at})
