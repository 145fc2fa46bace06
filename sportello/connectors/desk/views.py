"""The console page that records a phone call or a desk visit. Thin: scope, validate, call the service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sportello.cases.access import sees_all_cases
from sportello.citizens.models import Citizen
from sportello.connectors.desk import services
from sportello.connectors.desk.forms import DeskRecordForm
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality, StaffMembership

operator_required = roles.role_required(StaffMembership.Role.OPERATOR)


def _towns(request: HttpRequest) -> Any:
    return Municipality.objects.filter(
        pk__in=roles.municipalities_with_role(request.user, StaffMembership.Role.OPERATOR)
    ).order_by("name")


def _chosen_citizen(request: HttpRequest, towns: Any, raw: Any) -> Citizen | None:
    """A citizen picked from a conversation ("Registra un altro contatto"): only of the user's municipalities."""
    if not str(raw or "").isdigit():
        return None
    return Citizen.objects.filter(pk=int(raw), municipality__in=towns).prefetch_related("identities").first()


@operator_required
def record(request: HttpRequest) -> HttpResponse:
    towns = _towns(request)
    case_towns = [t for t in towns if sees_all_cases(request.user, t.pk)]
    data = request.POST if request.method == "POST" else None
    form = DeskRecordForm(data, request.FILES or None, municipalities=towns, case_municipalities=case_towns)
    citizen = _chosen_citizen(request, towns, request.POST.get("citizen") if data else request.GET.get("cittadino"))
    if data is None:
        # "Cerca" without JavaScript comes back here as a GET: keep what was typed.
        form.initial.update({k: v for k, v in request.GET.items() if k in form.fields and k != "documents"})
        if citizen is not None:
            form.initial.update(citizen=citizen.pk, municipality=citizen.municipality)
    if data is not None and form.is_valid():
        c = form.cleaned_data
        if citizen is not None and citizen.municipality_id != c["municipality"].pk:
            form.add_error("municipality", _("Il cittadino scelto è di un altro comune."))
        else:
            documents = [
                services.Document(f.name or "documento", f.read(), (f.content_type or "")) for f in c["documents"]
            ]
            try:
                with transaction.atomic():
                    contact = services.record_contact(
                        municipality=c["municipality"], channel=c["channel"], actor=request.user,
                        question=c["question"], answer=c["answer"], when=c["when"], citizen=citizen,
                        name=c["name"], phone=c["phone"], email=c["email"], documents=documents,
                        keep_open=c["keep_open"] or c["open_case"],
                    )
                    case = None
                    if c["open_case"] and c["municipality"] in case_towns:
                        case = services.open_case_from_contact(
                            contact, department=c["department"], actor=request.user, title=c["case_title"],
                        )
            except services.DeskError as error:
                form.add_error(None, error.message)
            else:
                if case is not None:
                    flash.success(request, _(
                        "Contatto registrato. Pratica %(reference)s aperta e inoltrata a %(department)s: comunica "
                        "il numero al cittadino."
                    ) % {"reference": case.reference, "department": case.department.name})
                else:
                    flash.success(request, _("Contatto registrato."))
                return redirect("console:conversation", pk=contact.conversation.pk)
    return render(request, "desk/record.html", {
        "form": form, "chosen": citizen, "single_town": len(towns) == 1,
        "lookup": _lookup(request, towns, request.GET) if request.GET.get("cerca") else None,
    })


def _lookup(request: HttpRequest, towns: Any, params: Any) -> dict[str, Any]:
    """Who has this phone number or e-mail address (exact match through the blind index, masked for display)."""
    phone, email = params.get("phone", "").strip(), params.get("email", "").strip()
    town = next((t for t in towns if str(t.pk) == params.get("municipality", "")), None)
    if town is None and len(towns) == 1:
        town = towns[0]
    if town is None:
        return {"error": _("Scegli prima il comune.")}
    if not phone and not email:
        return {"error": _("Scrivi un telefono o un indirizzo e-mail da cercare.")}
    try:
        found = services.find_by_identifiers(town, phone=phone, email=email)
    except services.DeskError as error:
        return {"error": error.message}
    audit("citizen.looked_up", actor=request.user, municipality=town, target=found,
          by=[k for k, v in (("phone", phone), ("email", email)) if v], found=found is not None)
    if found is None:
        return {"found": None}
    identities = [i for i in found.identities.all() if i.active]
    return {"found": found, "identities": identities, "conversations": found.conversations.count()}


@operator_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/_lookup.html", {"lookup": _lookup(request, _towns(request), request.GET)})
