"""Who reaches the campaign pages: staff of the campaign's municipality (any role). What each may do there
(approve, pause, cancel) is decided by sportello.broadcasts.services, never here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sportello.broadcasts.models import Campaign
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality


def towns_for(user: Any) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=roles.municipalities_with_role(user, roles.Role.OPERATOR)).order_by("name")


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(municipality__in=towns_for(user)).select_related(
        "municipality", "template", "created_by", "approved_by"
    )


def campaign_for(user: Any, pk: int) -> Campaign:
    """The campaign if the user is staff of its municipality; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(campaigns_for(user), pk=pk)


def is_supervisor(user: Any, campaign: Campaign) -> bool:
    return roles.has_role(user, campaign.municipality_id, roles.Role.SUPERVISOR)
