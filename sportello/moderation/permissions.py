"""Who may moderate: supervisors and administrators of the municipality, or staff given the `moderate` capability.

The capability is the Django permission `moderation.moderate` (assign it to a user or a group in the admin) so an
office can make a trusted operator a moderator without making them a supervisor. Moderators open the quarantine,
decide reviews, block and unblock, and export evidence.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sportello.municipalities import roles
from sportello.municipalities.models import Municipality
from sportello.municipalities.scoping import municipalities_for

MODERATOR_ROLE = roles.Role.SUPERVISOR
CAPABILITY = "moderation.moderate"


def can_moderate(user: Any, municipality: Any) -> bool:
    if roles.has_role(user, municipality, MODERATOR_ROLE):
        return True
    return roles.role_in(user, municipality) is not None and user.has_perm(CAPABILITY)


def moderated_municipalities(user: Any) -> QuerySet[Municipality]:
    """The municipalities whose quarantine this user may open (every staff query starts here)."""
    if not getattr(user, "is_authenticated", False):
        return Municipality.objects.none()
    if user.has_perm(CAPABILITY):
        return municipalities_for(user)
    return Municipality.objects.filter(pk__in=roles.municipalities_with_role(user, MODERATOR_ROLE))


def is_moderator_anywhere(user: Any) -> bool:
    return moderated_municipalities(user).exists()
