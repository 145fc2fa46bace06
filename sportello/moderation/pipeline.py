"""Inbound pipeline steps of the moderation app (listed in settings.SPORTELLO_INBOUND_PIPELINE)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import prefetch_related_objects

from sportello.conversations.pipeline import run
from sportello.conversations.pipeline.context import InboundContext
from sportello.moderation import services


def screen(ctx: InboundContext) -> None:
    """Screen the stored message against the code of conduct and apply the municipality's actions.

    A hidden message (a violation, or anything from a blocked citizen) stops the pipeline: no keyword command,
    no automatic reply, no `message.created` to the operators' consoles. A message only flagged for review goes on.
    """
    if ctx.message is None:
        return
    run.shared(ctx, "moderation.identities", _load_identities)  # the screen reads the sender's number
    outcome = services.moderate_inbound(ctx.message, ctx.citizen, ctx.municipality)
    if outcome.screened or outcome.hidden:
        ctx.notes["moderation"] = outcome.as_note()
    if outcome.hidden:
        ctx.stop = True


def _load_identities(contexts: Sequence[InboundContext]) -> bool:
    """The identities of the run's known citizens, one query (new citizens already hold theirs)."""
    prefetch_related_objects([ctx.citizen for ctx in contexts if ctx.citizen is not None], "identities")
    return True
