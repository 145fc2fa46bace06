"""Staff and roles (administrators only): change a role, remove, invite by e-mail, reset a second factor."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sportello.municipalities.models import StaffMembership
from sportello.municipalities.roles import role_required
from sportello.organisation.access import ADMINISTRATOR, town_for, town_ids
from sportello.organisation.forms import ROLE_HELP, InviteForm, RoleForm
from sportello.organisation.services import staff as service
from sportello.organisation.views.common import back_to, context


def _membership(request: HttpRequest, pk: int) -> StaffMembership:
    return get_object_or_404(StaffMembership.objects.select_related("user", "municipality"), pk=pk,
                             municipality_id__in=town_ids(request.user, ADMINISTRATOR))


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    town = town_for(request, ADMINISTRATOR)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.invite(town, email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
                           role=data["role"], language=data["language"],
                           base_url=request.build_absolute_uri("/"), actor=request.user)
        except service.StaffError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return back_to("organisation:staff", town)
    return render(request, "organisation/staff.html", context(
        request, town, ADMINISTRATOR, staff=service.staff_of(town), form=form, roles=StaffMembership.Role.choices,
        role_help=ROLE_HELP,
    ), status=400 if form.errors else 200)


def _apply(request: HttpRequest, membership: StaffMembership, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        message = action()
    except service.StaffError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return back_to("organisation:staff", membership.municipality)


@role_required(ADMINISTRATOR)
@require_POST
def change_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return back_to("organisation:staff", membership.municipality)

    def run() -> str:
        service.change_role(membership, form.cleaned_data["role"], request.user)
        return _("Role of %(name)s: %(role)s.") % {"name": _name(membership), "role": membership.get_role_display()}

    return _apply(request, membership, run)


@role_required(ADMINISTRATOR)
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)

    def run() -> str:
        service.remove(membership, request.user)
        return _("%(name)s no longer works for this municipality.") % {"name": _name(membership)}

    return _apply(request, membership, run)


@role_required(ADMINISTRATOR)
@require_POST
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)

    def run() -> str:
        service.reset_second_factor(membership, request.user)
        return _("Second factor of %(name)s reset: they will set it up again at their next sign-in.") % {
            "name": _name(membership)}

    return _apply(request, membership, run)


def _name(membership: StaffMembership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()
