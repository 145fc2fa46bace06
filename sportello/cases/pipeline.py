"""Inbound pipeline steps of the cases app (listed in settings.SPORTELLO_INBOUND_PIPELINE)."""

from __future__ import annotations

from sportello.conversations.pipeline.context import InboundContext


def suggest_routing(ctx: InboundContext) -> None:
    """Propose the competent departments for a new request (the cases issue). Not implemented yet: passes the message on."""
