"""The foundation's pipeline steps. Each does one thing; later capabilities add steps between them."""

from __future__ import annotations

from sportello.citizens.identity import resolve_citizen
from sportello.conversations import media, store
from sportello.conversations.pipeline.context import InboundContext
from sportello.core import events, tasks


def identify_citizen(ctx: InboundContext) -> None:
    ctx.citizen = resolve_citizen(ctx.municipality, ctx.inbound.sender)


def store_message(ctx: InboundContext) -> None:
    message = store.store_inbound(ctx.account, ctx.citizen, ctx.inbound, inbound_event_id=ctx.event_id)
    if message is None:
        ctx.duplicate = True
        ctx.stop = True
        return
    ctx.message = message
    ctx.conversation = message.conversation


def fetch_media(ctx: InboundContext) -> None:
    for attachment in ctx.message.attachments.all():
        tasks.enqueue_on_commit(media.download_attachment, attachment.pk)


def publish(ctx: InboundContext) -> None:
    events.publish_on_commit(
        ctx.municipality.pk,
        "message.created",
        {"conversation": ctx.conversation.pk, "message": ctx.message.pk},
    )
