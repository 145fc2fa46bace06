"""Staff roles per municipality: operator < supervisor < administrator.

    role_in(user, municipality)                 -> "operator" | "supervisor" | "administrator" | None
    has_role(user, municipality, "supervisor")  -> True when the user's role there is at least that one
    highest_role(user)                          -> the user's highest role in any municipality (None if none)
    @role_required("supervisor")                -> view decorator: 403 unless the user holds the role somewhere
                                                   (views still scope objects with `has_role` or `scoping`)
    RoleRequiredMixin                           -> the same for class-based views (`required_role = …`)

Superusers are administrators everywhere. `municipality` may be a Municipality or its primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from sportello.municipalities.models import StaffMembership

Role = StaffMembership.Role
ORDER: dict[str, int] = {Role.OPERATOR: 1, Role.SUPERVISOR: 2, Role.ADMINISTRATOR: 3}


def _rank(role: str | None) -> int:
    return ORDER.get(role or "", 0)


def role_in(user: Any, municipality: Any) -> str | None:
    """The user's role in that municipality, or None when they are not staff there."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    municipality_id = getattr(municipality, "pk", municipality)
    return (
        StaffMembership.objects.filter(user=user, municipality_id=municipality_id).values_list("role", flat=True).first()
    )


def has_role(user: Any, municipality: Any, minimum_role: str) -> bool:
    """True when the user's role in the municipality is at least `minimum_role`."""
    return _rank(role_in(user, municipality)) >= _rank(minimum_role)


def highest_role(user: Any) -> str | None:
    """The highest role the user holds in any municipality; what 2FA enforcement and navigation look at."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    roles = StaffMembership.objects.filter(user=user).values_list("role", flat=True)
    return max(roles, key=_rank, default=None)


def municipalities_with_role(user: Any, minimum_role: str) -> list[int]:
    """Primary keys of the municipalities where the user holds at least `minimum_role`."""
    from sportello.municipalities.models import Municipality

    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Municipality.objects.values_list("pk", flat=True))
    wanted = [role for role, rank in ORDER.items() if rank >= _rank(minimum_role)]
    return list(StaffMembership.objects.filter(user=user, role__in=wanted).values_list("municipality_id", flat=True))


def role_required(minimum_role: str = Role.OPERATOR) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page, staff below `minimum_role` everywhere get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _rank(highest_role(request.user)) < _rank(minimum_role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RoleRequiredMixin:
    """Class-based views: set `required_role`; same behaviour as `role_required`."""

    required_role: str = Role.OPERATOR

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return role_required(self.required_role)(super().dispatch)(request, *args, **kwargs)  # type: ignore[misc]
