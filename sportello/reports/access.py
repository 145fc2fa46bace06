"""Who sees which statistics: supervisors and administrators the whole municipality, members of a department
(other than the coordinating URP) their departments only, everyone else nothing (403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from sportello.cases.models import DepartmentMembership
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality


@dataclass(frozen=True)
class ReportScope:
    municipality: Municipality
    departments: frozenset[int] | None  # None: the whole municipality


def scopes_for(user: Any) -> list[ReportScope]:
    wide = roles.municipalities_with_role(user, roles.Role.SUPERVISOR)
    found = [ReportScope(m, None) for m in Municipality.objects.filter(pk__in=wide)]
    restricted: dict[int, set[int]] = {}
    memberships = DepartmentMembership.objects.filter(user=user, department__coordinates=False).exclude(
        department__municipality_id__in=wide
    ).values_list("department__municipality_id", "department_id")
    for municipality_id, department_id in memberships:
        restricted.setdefault(municipality_id, set()).add(department_id)
    for town in Municipality.objects.filter(pk__in=restricted):
        found.append(ReportScope(town, frozenset(restricted[town.pk])))
    return found


def scope_for(user: Any, slug: str | None = None) -> ReportScope:
    """The user's scope in the municipality `slug` (or their first one); PermissionDenied when they have none."""
    for found in scopes_for(user):
        if slug is None or found.municipality.slug == slug:
            return found
    raise PermissionDenied


def can_view(user: Any) -> bool:
    """Whether the statistics page has anything for `user` (the console menu asks)."""
    from django_scopes import scopes_disabled

    with scopes_disabled():  # the header is drawn in any scope; this only reads the user's own memberships
        return bool(scopes_for(user))
