"""Who may change a municipality's settings: supervisors and administrators of that municipality (the console's
middleware has already asked them for the second factor). Everyone else gets 403; another town's objects 404.

A user with several towns picks one with `?comune=<slug>`; without it, their first town (by name).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from sportello.municipalities import roles
from sportello.municipalities.models import Municipality

MINIMUM_ROLE = roles.Role.SUPERVISOR


def towns_for(user: Any) -> list[Municipality]:
    """The municipalities whose settings `user` may change, by name."""
    return list(Municipality.objects.filter(pk__in=roles.municipalities_with_role(user, MINIMUM_ROLE)))


def can_configure(user: Any, municipality: Any) -> bool:
    return roles.has_role(user, municipality, MINIMUM_ROLE)


def town_for(request: HttpRequest) -> Municipality:
    """The municipality being configured: `?comune=` among the user's towns, else their first one."""
    towns = towns_for(request.user)
    if not towns:
        raise PermissionDenied
    slug = request.GET.get("comune") or request.POST.get("comune")
    if not slug:
        return towns[0]
    for town in towns:
        if town.slug == slug:
            return town
    raise Http404


def check_owner(user: Any, municipality: Any) -> None:
    """An object of a town the user does not configure is, for them, not there."""
    if not can_configure(user, municipality):
        raise Http404


def owned(request: HttpRequest, model: type[Model], pk: int) -> Any:
    """The town-owned object `pk` of `model`, or 404 if it is missing or of a town the user does not configure."""
    obj = get_object_or_404(model, pk=pk)
    check_owner(request.user, obj.municipality)
    return obj


def settings_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; 403 unless supervisor or administrator of some town; `request.town` set from `?comune=`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.town = town_for(request)  # type: ignore[attr-defined]
        request.towns = towns_for(request.user)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
