"""Creating a municipality's departments from the default catalogue (`sportello.routing.catalogue`).

Idempotent and conservative: departments and categories that exist are left as the administrator edited them;
only missing ones are added.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from sportello.cases.models import Category, Department
from sportello.core.audit import audit
from sportello.routing.catalogue import DEFAULT_CATALOGUE, FALLBACK_DEPARTMENT

# Target resolution times in office hours (Mon–Fri 9–13 is 4 hours a day): what needs a crew on the street
# is faster than paperwork; dangers are hours, not days.
DEPARTMENT_TARGET_HOURS = {
    "strade": 20, "illuminazione": 12, "ambiente": 12, "polizia_locale": 20, "protezione_civile": 4,
}
CATEGORY_TARGET_HOURS = {"semafori": 4, "neve e ghiaccio": 4, "tombini": 8, "emergenze": 2, "alluvioni": 2}
DEFAULT_TARGET_HOURS = 40


@transaction.atomic
def seed_departments(municipality, actor=None) -> list[Department]:  # type: ignore[no-untyped-def]
    created = []
    for profile in DEFAULT_CATALOGUE:
        department, new = Department.objects.get_or_create(
            municipality=municipality,
            code=profile.code,
            defaults={
                "name": profile.name,
                "description": profile.description,
                "keywords": list(profile.keywords),
                "coordinates": profile.code == FALLBACK_DEPARTMENT,
                "fallback": profile.code == FALLBACK_DEPARTMENT,
            },
        )
        if new:
            created.append(department)
        for category in profile.categories:
            Category.objects.get_or_create(
                department=department,
                code=slugify(category.name)[:60] or "generale",
                defaults={
                    "name": category.name,
                    "keywords": list(category.keywords),
                    "target_hours": CATEGORY_TARGET_HOURS.get(
                        category.name, DEPARTMENT_TARGET_HOURS.get(profile.code, DEFAULT_TARGET_HOURS)
                    ),
                    # The fallback office's catch-all topics are not reports a civic app would file.
                    "public": profile.code != FALLBACK_DEPARTMENT,
                },
            )
    if created:
        audit("departments.seeded", actor=actor, municipality=municipality, created=[d.code for d in created])
    return created


def seed_demo(municipality, password: str) -> None:  # type: ignore[no-untyped-def]
    """The demo's departments and one member of the roads department ("strade" / the demo password)."""
    from django.contrib.auth import get_user_model

    from sportello.cases.models import DepartmentMembership
    from sportello.municipalities.models import StaffMembership

    seed_departments(municipality)
    user, created = get_user_model().objects.get_or_create(
        username="strade", defaults={"first_name": "Ufficio strade", "email": "strade@comune.esempio.it"}
    )
    if created:
        user.set_password(password)
        user.save()
    StaffMembership.objects.get_or_create(user=user, municipality=municipality, defaults={"role": "operator"})
    DepartmentMembership.objects.get_or_create(department=municipality.departments.get(code="strade"), user=user)
