"""Which municipality a settings page configures, and who may open it.

Supervisors and administrators configure lists, departments and moderation; only administrators manage staff.
The town comes from `?comune=<slug>` (or the hidden field of a form), else the user's first town with the role.
A town or an object outside the towns where the user holds the role is a 404; no such role anywhere is a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from sportello.municipalities import roles
from sportello.municipalities.models import Municipality

SUPERVISOR = roles.Role.SUPERVISOR
ADMINISTRATOR = roles.Role.ADMINISTRATOR


def town_ids(user: Any, minimum_role: str) -> list[int]:
    """The towns where `user` holds at least `minimum_role`; PermissionDenied when there is none."""
    found = roles.municipalities_with_role(user, minimum_role)
    if not found:
        raise PermissionDenied
    return found


def town_for(request: HttpRequest, minimum_role: str = SUPERVISOR) -> Municipality:
    towns = Municipality.objects.filter(pk__in=town_ids(request.user, minimum_role)).order_by("name")
    slug = request.POST.get("comune") or request.GET.get("comune")
    town = towns.filter(slug=slug).first() if slug else towns.first()
    if town is None:
        raise Http404
    return town


def towns_choice(request: HttpRequest, minimum_role: str = SUPERVISOR) -> list[Municipality]:
    """The towns the user can switch between on a page (shown only when there are several)."""
    return list(Municipality.objects.filter(pk__in=town_ids(request.user, minimum_role)).order_by("name"))
