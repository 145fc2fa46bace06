"""The moderation side panel of the console's conversation view (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sportello.moderation import services
from sportello.moderation.models import Review
from sportello.moderation.permissions import can_moderate


def moderation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any] | None:
    """Operators see whether the citizen is blocked and how many messages are in quarantine; moderators get links.

    Shown only when there is something to say (a block, strikes, reviews) or the user can moderate.
    """
    citizen = conversation.citizen
    moderator = can_moderate(request.user, conversation.municipality_id)
    quarantined = Review.objects.filter(
        message__conversation=conversation, message__hidden_at__isnull=False
    ).count()
    strikes = services.active_strikes(citizen) if moderator or citizen.blocked_at else 0
    if not (moderator or citizen.blocked_at or quarantined):
        return None
    return {
        "moderation_citizen": citizen, "moderation_blocked": citizen.blocked_at is not None,
        "moderation_quarantined": quarantined, "moderation_strikes": strikes, "moderation_moderator": moderator,
    }
