"""Tenant scoping: which municipalities a user may see. Every staff-facing query goes through here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sportello.municipalities.models import Municipality


def municipalities_for(user: Any) -> QuerySet[Municipality]:
    if not getattr(user, "is_authenticated", False):
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    return Municipality.objects.filter(memberships__user=user).distinct()


def public_town_or_404(slug: str) -> Municipality:
    """A public page's municipality, named by its address; the rest of the request runs in its tenant scope."""
    from django.shortcuts import get_object_or_404

    from sportello.core.scoping import activate

    town = get_object_or_404(Municipality, slug=slug)
    activate(town)
    return town
