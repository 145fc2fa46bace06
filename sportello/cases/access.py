"""Who sees which cases. Every staff-facing query of cases starts from `cases_for(user)`.

In each municipality the user is staff of:
  * supervisors and administrators, operators who belong to no department (the URP front office) and members
    of a coordinating department (`Department.coordinates`, the URP) see every case;
  * members of other departments see their departments' cases only.
Superusers see everything. A case outside this set is a 404, in views and API alike.
Conversations follow the same rule (`conversation_filter`), unless the municipality opens them to department staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sportello.cases.models import Case, Department, DepartmentMembership
from sportello.municipalities.models import StaffMembership
from sportello.municipalities.scoping import municipalities_for

WIDE_ROLES = (StaffMembership.Role.SUPERVISOR, StaffMembership.Role.ADMINISTRATOR)


def _scope(user: Any) -> tuple[set[int], set[int]]:
    """(municipalities where the user sees all cases, departments whose cases they see elsewhere)."""
    municipality_ids = set(municipalities_for(user).values_list("pk", flat=True))
    if getattr(user, "is_superuser", False):
        return municipality_ids, set()
    memberships = list(
        DepartmentMembership.objects.filter(user=user, department__municipality_id__in=municipality_ids)
        .values_list("department_id", "department__municipality_id", "department__coordinates")
    )
    wide_roles = set(
        StaffMembership.objects.filter(user=user, role__in=WIDE_ROLES).values_list("municipality_id", flat=True)
    )
    restricted = {m for _, m, coordinates in memberships if not coordinates} - wide_roles
    restricted -= {m for _, m, coordinates in memberships if coordinates}
    wide = municipality_ids - restricted
    departments = {d for d, m, _ in memberships if m in restricted}
    return wide, departments


def cases_for(user: Any) -> QuerySet[Case]:
    wide, departments = _scope(user)
    return Case.objects.filter(Q(municipality_id__in=wide) | Q(department_id__in=departments))


def departments_for(user: Any) -> QuerySet[Department]:
    """Departments whose cases the user sees (and so may act on)."""
    wide, departments = _scope(user)
    return Department.objects.filter(Q(municipality_id__in=wide) | Q(pk__in=departments))


def conversation_filter(user: Any) -> Q:
    """Conversations the user may read and answer (`Conversation.objects.visible_to(user)`).

    Whoever sees every case of a municipality sees all its conversations; department staff see those linked to
    their departments' cases, unless the municipality lets them see all (`department_staff_see_all_conversations`).
    """
    from sportello.municipalities.models import Municipality

    towns = set(municipalities_for(user).values_list("pk", flat=True))
    wide, departments = _scope(user)
    restricted = towns - wide
    if restricted:
        opened = set(
            Municipality.objects.filter(pk__in=restricted, department_staff_see_all_conversations=True)
            .values_list("pk", flat=True)
        )
        wide, restricted = wide | opened, restricted - opened
    if not restricted:
        return Q(municipality_id__in=wide)
    linked = Case.objects.filter(department_id__in=departments, conversation__isnull=False).values("conversation_id")
    return Q(municipality_id__in=wide) | Q(municipality_id__in=restricted, pk__in=linked)


def sees_all_cases(user: Any, municipality_id: int) -> bool:
    return municipality_id in _scope(user)[0]
