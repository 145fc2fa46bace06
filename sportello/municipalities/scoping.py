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
