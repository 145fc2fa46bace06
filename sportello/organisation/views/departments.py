"""Departments, their categories with SLA targets, and their staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sportello.cases.models import Category, Department, DepartmentMembership
from sportello.municipalities.roles import role_required
from sportello.organisation.access import SUPERVISOR, town_for, town_ids
from sportello.organisation.forms import CategoryForm, DepartmentForm, MemberForm
from sportello.organisation.services import departments as service
from sportello.organisation.views.common import back_to, context


def _department(request: HttpRequest, pk: int) -> Department:
    return get_object_or_404(Department, pk=pk, municipality_id__in=town_ids(request.user, SUPERVISOR))


@role_required(SUPERVISOR)
def index(request: HttpRequest) -> HttpResponse:
    town = town_for(request)
    return render(request, "organisation/departments.html",
                  context(request, town, SUPERVISOR, departments=service.departments_of(town)))


@role_required(SUPERVISOR)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        town, department = town_for(request), Department()
    else:
        department = _department(request, pk)
        town = department.municipality
    form = DepartmentForm(request.POST or None, instance=department, town=town)
    if request.method == "POST" and form.is_valid():
        saved = service.save_department(form.save(commit=False), form.changed_data, request.user)
        messages.success(request, _("Department «%(name)s» saved.") % {"name": saved.name})
        return back_to("organisation:department", town, saved.pk)
    extra = {}
    if department.pk:
        extra = {
            "categories": department.categories.order_by("name"),
            "members": department.memberships.select_related("user").order_by("user__last_name", "user__username"),
            "member_form": MemberForm(candidates=service.addable_staff(department)),
        }
    return render(request, "organisation/department_form.html",
                  context(request, town, SUPERVISOR, form=form, department=department, **extra))


@role_required(SUPERVISOR)
@require_http_methods(["GET", "POST"])
def category(request: HttpRequest, department_pk: int, pk: int | None = None) -> HttpResponse:
    department = _department(request, department_pk)
    instance = get_object_or_404(Category, pk=pk, department=department) if pk else Category(department=department)
    form = CategoryForm(request.POST or None, instance=instance, department=department)
    if request.method == "POST" and form.is_valid():
        saved = service.save_category(form.save(commit=False), form.changed_data, request.user)
        messages.success(request, _("Category «%(name)s» saved.") % {"name": saved.name})
        return back_to("organisation:department", department.municipality, department.pk)
    return render(request, "organisation/category_form.html", context(
        request, department.municipality, SUPERVISOR, form=form, department=department, category=instance,
        due=_due_if_opened_now(department, instance.target_hours)))


def _due_if_opened_now(department: Department, hours: int | None) -> object:
    """When a case of this category opened now would be due (the SLA preview), on the town's office calendar."""
    from django.utils import timezone

    from sportello.cases.calendar import add_business_hours

    if not hours:
        return None
    due = add_business_hours(department.municipality, timezone.now(), hours)
    return timezone.localtime(due)


@role_required(SUPERVISOR)
@require_POST
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    form = MemberForm(request.POST, candidates=service.addable_staff(department))
    if form.is_valid():
        try:
            service.add_member(department, form.cleaned_data["user"], form.cleaned_data["notify"], request.user)
            messages.success(request, _("Staff member added to the department."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a staff member of the municipality."))
    return back_to("organisation:department", department.municipality, department.pk)


@role_required(SUPERVISOR)
@require_POST
def remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(DepartmentMembership, pk=pk,
                                   department__municipality_id__in=town_ids(request.user, SUPERVISOR))
    department = membership.department
    service.remove_member(membership, request.user)
    messages.success(request, _("Staff member removed from the department."))
    return back_to("organisation:department", department.municipality, department.pk)
