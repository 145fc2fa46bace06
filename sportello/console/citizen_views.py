"""GET /cittadini/<id>/: the citizen page (every conversation, cases, subscriptions, consents, moderation)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sportello.console.citizen_profile import profile_for
from sportello.core.audit import audit
from sportello.moderation.permissions import can_moderate
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership


@roles.role_required(StaffMembership.Role.OPERATOR)
@require_GET
def citizen(request: HttpRequest, citizen_id: int) -> HttpResponse:
    profile = profile_for(request.user, citizen_id)
    town = profile.citizen.municipality
    audit("citizen.viewed", actor=request.user, municipality=town, target=profile.citizen, page="console")
    return render(request, "console/citizen.html", {
        "profile": profile,
        "citizen": profile.citizen,
        # The data-subject requests (export, rectification, restriction, erasure) live on the privacy page.
        "privacy_link": roles.has_role(request.user, town, StaffMembership.Role.SUPERVISOR),
        "moderation_link": can_moderate(request.user, town),
    })
