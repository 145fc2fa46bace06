"""The inbound pipeline: an ordered list of small steps (settings.SPORTELLO_INBOUND_PIPELINE) that every
channel's messages go through. A step may stop the flow (ctx.stop) or add to it."""

from sportello.conversations.pipeline.context import InboundContext
from sportello.conversations.pipeline.runner import run_pipeline

__all__ = ["InboundContext", "run_pipeline"]
