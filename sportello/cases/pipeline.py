"""Inbound pipeline steps of the cases app (listed in settings.SPORTELLO_INBOUND_PIPELINE)."""

from __future__ import annotations

import logging
from contextlib import nullcontext

from django.db import transaction

from sportello.conversations.pipeline import run
from sportello.conversations.pipeline.context import InboundContext
from sportello.core import inserts

log = logging.getLogger("sportello.cases")

# A location's text is a place name, a reaction an emoji: neither says which department is competent.
SILENT_KINDS = {"location", "reaction", "edit", "revoke", "system", "contacts"}


def suggest_routing(ctx: InboundContext) -> None:
    """Propose the three most likely departments for the citizen's current request; the console shows them.

    A suggestion is a help, never a gate: if the suggester fails the message goes on (inside a savepoint, so
    the pipeline's transaction stays usable) and the failure is logged.
    """
    message = ctx.message
    if message is None or ctx.duplicate or not message.is_inbound or not message.text.strip():
        return
    if message.kind in SILENT_KINDS:
        return
    from sportello.cases import routing

    try:
        # In a batch no savepoint: a database error there fails the batch, which is retried message by message,
        # each with its savepoint; anything else is caught here without touching the transaction.
        with nullcontext() if inserts.active() else transaction.atomic():
            histories = run.shared(ctx, "cases.request_histories", routing.request_histories) or {}
            suggestion = routing.suggest_for_conversation(
                ctx.conversation, message, earlier=histories.get(ctx.conversation.pk))
    except Exception:
        log.exception("routing suggestion failed for message %s", message.pk)
        return
    if suggestion is not None:
        ctx.notes["routing"] = [(s["department"], s["confidence"]) for s in suggestion.suggestions]
