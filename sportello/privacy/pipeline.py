"""Inbound pipeline step (settings.SPORTELLO_INBOUND_PIPELINE): a citizen who restricted processing (art. 18)
still reaches the office, but no automatic processing runs on their messages."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sportello.conversations.pipeline.context import InboundContext
from sportello.conversations.pipeline.steps import publish
from sportello.core import configcache


def restricted_ids(municipality_id: int) -> frozenset[int]:
    """Restrictions are rare: one small set per municipality, cached like the rest of the pipeline's configuration."""
    from sportello.privacy.models import CitizenPrivacy

    def load() -> frozenset[int]:
        with scopes_disabled():
            return frozenset(CitizenPrivacy.objects.filter(
                citizen__municipality_id=municipality_id, restricted_at__isnull=False
            ).values_list("citizen_id", flat=True))

    return configcache.cached("privacy.restricted", municipality_id, load)


def respect_restriction(ctx: InboundContext) -> None:
    if ctx.citizen is None or ctx.message is None or ctx.duplicate:
        return
    if ctx.citizen.pk in restricted_ids(ctx.municipality.pk):
        ctx.notes["privacy"] = "restricted"
        publish(ctx)  # operators see the message; screening, commands, automatic answers and routing do not run
        ctx.stop = True
