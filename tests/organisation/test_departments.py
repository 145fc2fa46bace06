"""Departments, categories with SLA targets, department staff: validation and audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sportello.cases.models import Category, Department, DepartmentMembership
from sportello.core.models import AuditEntry
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


def test_create_department_with_keywords(supervisor, town):
    response = supervisor.post(reverse("organisation:department_new"), {
        "comune": town.slug, "name": "Strade", "code": "strade", "email": "strade@comune.example",
        "keywords_text": "buca\nmarciapiede, Buca, asfalto", "active": "on",
    })
    assert response.status_code == 302
    department = Department.objects.get(municipality=town, code="strade")
    assert department.keywords == ["buca", "marciapiede", "asfalto"]
    assert response["Location"] == f"{reverse('organisation:department', args=[department.pk])}?comune={town.slug}"
    assert AuditEntry.objects.get(action="organisation.department.created").target_id == str(department.pk)


def test_department_validation(supervisor, town):
    Department.objects.create(municipality=town, code="urp", name="URP", fallback=True)
    response = supervisor.post(reverse("organisation:department_new"), {
        "comune": town.slug, "name": "Altro", "code": "urp", "fallback": "on", "active": "on",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "«URP»" in errors["fallback"][0]
    assert Department.objects.filter(municipality=town).count() == 1


def test_category_target_hours_validated_and_audited(supervisor, town):
    department = Department.objects.create(municipality=town, code="strade", name="Strade")
    url = reverse("organisation:category_new", args=[department.pk])
    bad = supervisor.post(url, {"name": "Buche", "code": "buche", "target_hours": "0", "public": "on"})
    assert bad.status_code == 200 and "target_hours" in bad.context["form"].errors
    good = supervisor.post(url, {"name": "Buche", "code": "buche", "target_hours": "16", "public": "on",
                                 "keywords_text": "buca, voragine"})
    assert good.status_code == 302
    category = Category.objects.get(department=department)
    assert (category.target_hours, category.keywords, category.public) == (16, ["buca", "voragine"], True)
    entry = AuditEntry.objects.get(action="organisation.category.created")
    assert entry.data["target_hours"] == 16 and entry.data["code"] == "strade-buche"
    duplicate = supervisor.post(url, {"name": "Altre buche", "code": "buche", "target_hours": "8"})
    assert "code" in duplicate.context["form"].errors


def test_category_page_previews_the_due_date(supervisor, town):
    department = Department.objects.create(municipality=town, code="strade", name="Strade")
    category = Category.objects.create(department=department, code="buche", name="Buche", target_hours=8)
    response = supervisor.get(reverse("organisation:category", args=[department.pk, category.pk]))
    assert response.context["due"] is not None
    assert "scadrebbe" in response.content.decode()


def test_department_members_added_and_removed(supervisor, town, other_town):
    department = Department.objects.create(municipality=town, code="strade", name="Strade")
    anna = make_staff("anna", town)
    stranger = make_staff("ugo", other_town)
    page = supervisor.get(reverse("organisation:department", args=[department.pk]))
    choices = dict(page.context["member_form"].fields["user"].choices)
    assert anna.pk in choices and stranger.pk not in choices
    refused = supervisor.post(reverse("organisation:member_add", args=[department.pk]), {"user": stranger.pk})
    assert refused.status_code == 302 and not DepartmentMembership.objects.exists()
    supervisor.post(reverse("organisation:member_add", args=[department.pk]), {"user": anna.pk, "notify": "on"})
    membership = DepartmentMembership.objects.get(department=department, user=anna)
    assert membership.notify is True
    supervisor.post(reverse("organisation:member_remove", args=[membership.pk]))
    assert not DepartmentMembership.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["organisation.department.member_added", "organisation.department.member_removed"]
