"""Inbound pipeline steps of the moderation app (listed in settings.SPORTELLO_INBOUND_PIPELINE)."""

from __future__ import annotations

from sportello.conversations.pipeline.context import InboundContext


def screen(ctx: InboundContext) -> None:
    """Screen the message against the code of conduct (the moderation issue). Not implemented yet: passes the message on."""
