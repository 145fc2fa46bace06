"""Settings for a worker that takes its time over each message: a SIGTERM then finds claimed work in hand."""

import time

from sportello.settings import *  # noqa: F403

SPORTELLO_INBOUND_PIPELINE = [*SPORTELLO_INBOUND_PIPELINE, "tests.ops.slow_settings.slow_step"]  # noqa: F405


def slow_step(ctx) -> None:  # type: ignore[no-untyped-def]
    time.sleep(0.3)
