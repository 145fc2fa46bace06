from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from sportello.conversations.pipeline.context import InboundContext

Step = Callable[[InboundContext], None]


@lru_cache(maxsize=1)
def steps() -> tuple[Step, ...]:
    return tuple(import_string(path) for path in settings.SPORTELLO_INBOUND_PIPELINE)


def run_pipeline(ctx: InboundContext) -> InboundContext:
    for step in steps():
        step(ctx)
        if ctx.stop:
            break
    return ctx
