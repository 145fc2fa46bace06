"""Departments, their categories (with the target time of the SLA) and their staff, as the console edits them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from sportello.cases.models import Category, Department, DepartmentMembership
from sportello.core.audit import audit
from sportello.municipalities.models import Municipality, StaffMembership


def split_keywords(raw: str) -> list[str]:
    """One keyword or short phrase per line or comma, trimmed, without duplicates (case-insensitive)."""
    found: list[str] = []
    for part in raw.replace("\n", ",").split(","):
        word = " ".join(part.split())
        if word and word.lower() not in {w.lower() for w in found}:
            found.append(word)
    return found


def departments_of(town: Municipality) -> list[Department]:
    return list(
        Department.objects.filter(municipality=town)
        .annotate(category_count=Count("categories", distinct=True), member_count=Count("memberships", distinct=True))
        .order_by("-active", "name")
    )


def save_department(department: Department, changed: list[str], actor: Any) -> Department:
    created = department.pk is None
    department.save()
    audit("organisation.department.created" if created else "organisation.department.changed", actor=actor,
          municipality=department.municipality, target=department, code=department.code, fields=changed)
    return department


def save_category(category: Category, changed: list[str], actor: Any) -> Category:
    created = category.pk is None
    category.save()
    audit("organisation.category.created" if created else "organisation.category.changed", actor=actor,
          municipality=category.department.municipality, target=category, code=category.service_code,
          target_hours=category.target_hours, fields=changed)
    return category


def addable_staff(department: Department) -> list[Any]:
    """Staff of the department's town who do not work in it yet."""
    already = DepartmentMembership.objects.filter(department=department).values_list("user_id", flat=True)
    return [m.user for m in StaffMembership.objects.filter(municipality=department.municipality)
            .exclude(user_id__in=already).select_related("user").order_by("user__last_name", "user__username")]


def add_member(department: Department, user: Any, notify: bool, actor: Any) -> DepartmentMembership:
    membership = DepartmentMembership(department=department, user=user, notify=notify)
    membership.full_clean()  # the user must be staff of the department's town
    membership.save()
    audit("organisation.department.member_added", actor=actor, municipality=department.municipality,
          target=department, user=user.get_username(), notify=notify)
    return membership


def remove_member(membership: DepartmentMembership, actor: Any) -> None:
    department = membership.department
    audit("organisation.department.member_removed", actor=actor, municipality=department.municipality,
          target=department, user=membership.user.get_username())
    membership.delete()
