"""Inbound pipeline steps of the policies app (listed in settings.SPORTELLO_INBOUND_PIPELINE)."""

from __future__ import annotations

from sportello.conversations.pipeline.context import InboundContext


def keyword_commands(ctx: InboundContext) -> None:
    """Subscribe/unsubscribe/stop commands (the service-policies issue). Not implemented yet: passes the message on."""


def office_hours_and_mode(ctx: InboundContext) -> None:
    """Office hours, closures and channel modes with their automatic replies (the service-policies issue). Not implemented yet: passes the message on."""
