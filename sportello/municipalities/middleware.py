"""Every request starts with no tenant scope (whatever the calling context holds), and a signed-in staff member's
request runs inside the scope of the municipalities they work for (superusers: every municipality).

Views that serve the public (web form, bulletins, Open311, tracking pages) or that resolve the tenant themselves
(webhooks) open their own scope; the API opens the token's scope in its authentication (`sportello.api.auth`).
A query on a tenant model outside any scope raises `ScopeError` instead of reading every town's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_scopes.state import state

from sportello.core.scoping import activate, scope, scopes_disabled


def staff_municipality_ids(user: Any) -> list[int] | None:
    """The municipalities a signed-in user works for, or None for anonymous users and non-staff."""
    from sportello.municipalities.models import Municipality, StaffMembership

    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if user.is_superuser:
        return list(Municipality.objects.values_list("pk", flat=True))
    with scopes_disabled():  # which tenant the user belongs to is known only from the membership itself
        return list(StaffMembership.objects.filter(user=user).values_list("municipality_id", flat=True))


def activate_for_user(user: Any) -> None:
    """Enter the scope of the user's municipalities for the rest of this request (the API's token auth).

    The request's `TenantScopeMiddleware` restores the previous state when the response is done.
    """
    activate(staff_municipality_ids(user) or [])


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = state.set(None)  # the production default: no scope, so a view that forgets it fails
        try:
            ids = staff_municipality_ids(request.user)
            if ids is None:
                return self.get_response(request)
            with scope(municipality=ids):
                return self.get_response(request)
        finally:
            state.reset(token)
