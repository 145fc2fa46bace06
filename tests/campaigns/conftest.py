"""Campaign tests run the inbound pipeline's core steps only, so other apps' automatic replies (keyword
commands, office hours) neither add messages to the citizens' inboxes nor depend on those apps' state."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def core_pipeline(settings):
    from sportello.conversations.pipeline import runner

    settings.SPORTELLO_INBOUND_PIPELINE = [
        "sportello.conversations.pipeline.steps.identify_citizen",
        "sportello.conversations.pipeline.steps.store_message",
        "sportello.conversations.pipeline.steps.publish",
    ]
    runner.steps.cache_clear()
    yield
    runner.steps.cache_clear()
