"""Console pages for data-subject requests (per citizen) and for the DPO (record of processing, DPIA, purges).

Thin: parse, call `services`, render. Supervisors and administrators of the citizen's municipality only.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from sportello.citizens.models import Citizen
from sportello.conversations.models import Conversation
from sportello.core.audit import audit
from sportello.municipalities.models import Municipality
from sportello.municipalities.roles import Role, has_role, municipalities_with_role, role_required
from sportello.privacy import ropa, services
from sportello.privacy.models import PurgeRun
from sportello.privacy.subject import subject_of


def _citizen(request: HttpRequest, citizen_id: int) -> Citizen:
    """404 for a citizen outside the municipalities where the user is at least a supervisor (no hint it exists)."""
    with scopes_disabled():
        citizen = (
            Citizen._base_manager.select_related("municipality")
            .filter(pk=citizen_id, municipality__in=municipalities_with_role(request.user, Role.SUPERVISOR)).first()
        )
    if citizen is None:
        raise Http404
    return citizen


def panel(request: HttpRequest, conversation: Any) -> dict[str, Any] | None:
    """The conversation view's side panel: a link to the citizen's privacy page, for supervisors and up."""
    if not has_role(request.user, conversation.municipality_id, Role.SUPERVISOR):
        return None
    return {"privacy_citizen": conversation.citizen, "privacy_restricted": services.is_restricted(conversation.citizen_id),
            "privacy_objected": services.has_objected(conversation.citizen_id)}


@role_required(Role.SUPERVISOR)
def citizen_page(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = _citizen(request, citizen_id)
    with scopes_disabled():
        subject = subject_of(citizen)
        conversations = list(
            Conversation._base_manager.filter(citizen__in=subject.ids).select_related("account").order_by("pk")
        )
        records = [(c, list(c.identities.model._base_manager.filter(citizen=c))) for c in subject.records]
    audit("citizen.viewed", actor=request.user, municipality=citizen.municipality, target=citizen, page="privacy")
    return render(request, "privacy/citizen.html", {
        "citizen": citizen, "records": records, "conversations": conversations,
        "restricted": services.is_restricted(citizen.pk), "objected": services.has_objected(citizen.pk),
    })


@role_required(Role.SUPERVISOR)
def export(request: HttpRequest, citizen_id: int, fmt: str) -> HttpResponse:
    citizen = _citizen(request, citizen_id)
    if fmt not in ("json", "pdf"):
        raise Http404
    if fmt == "pdf":
        response = HttpResponse(services.export_citizen(citizen, actor=request.user, fmt="pdf"),
                                content_type="application/pdf")
    else:
        document = services.export_citizen(citizen, actor=request.user)
        response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="dati-personali-{citizen.pk}.{fmt}"'
    return response


@require_POST
@role_required(Role.SUPERVISOR)
def act(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """Rectification, restriction and objection (and undoing the last two): one small form each."""
    citizen = _citizen(request, citizen_id)
    action = request.POST.get("action", "")
    if action == "rectify":
        services.rectify_citizen(citizen, actor=request.user, display_name=request.POST.get("display_name", ""))
        messages.success(request, _("The name has been corrected."))
    elif action == "restrict":
        services.restrict_processing(citizen, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Processing is restricted: nothing automatic runs on this citizen's messages."))
    elif action == "lift":
        services.lift_restriction(citizen, actor=request.user)
        messages.success(request, _("The restriction has been lifted."))
    elif action == "object":
        left = services.object_to_broadcasts(citizen, actor=request.user)
        messages.success(request, _("Objection recorded: %(n)s subscriptions ended, no new ones.") % {"n": left})
    elif action == "withdraw":
        services.withdraw_objection(citizen, actor=request.user)
        messages.success(request, _("The objection has been withdrawn."))
    else:
        return HttpResponse(status=400)
    return redirect("privacy:citizen", citizen.pk)


@role_required(Role.SUPERVISOR)
def erase(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """A confirmation page; the erasure runs only on POST with the box ticked."""
    citizen = _citizen(request, citizen_id)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("privacy:erase", citizen.pk)
        done = services.erase_citizen(citizen, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The citizen's data has been erased (%(n)s records).") % {"n": len(done["records"])})
        return redirect("console:inbox")
    with scopes_disabled():
        subject = subject_of(citizen)
        count = Conversation._base_manager.filter(citizen__in=subject.ids).count()
    return render(request, "privacy/erase.html", {"citizen": citizen, "records": subject.records, "conversations": count})


def _municipality(request: HttpRequest) -> Municipality:
    allowed = municipalities_with_role(request.user, Role.SUPERVISOR)
    chosen = request.GET.get("comune")
    with scopes_disabled():
        found = Municipality.objects.filter(pk__in=allowed)
        town = (found.filter(slug=chosen).first() if chosen else None) or found.order_by("name").first()
    if town is None:
        raise Http404
    return town


@role_required(Role.SUPERVISOR)
def records(request: HttpRequest) -> HttpResponse:
    """The DPO's page: record of processing activities, DPIA outline, retention and the last purges."""
    town = _municipality(request)
    with scopes_disabled():
        runs = list(PurgeRun.objects.order_by("-started_at")[:10])
    return render(request, "privacy/records.html", {
        "municipality": town, "ropa": ropa.record_of_processing(town), "runs": runs,
        "retention": ropa.policy_for(town),
    })


@role_required(Role.SUPERVISOR)
def document(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in ("registro", "dpia") or fmt not in ("md", "pdf"):
        raise Http404
    town = _municipality(request)
    text = ropa.record_of_processing(town) if name == "registro" else ropa.dpia_outline(town)
    filename = f"{name}-{town.slug}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(ropa.markdown_to_pdf(text, filename), content_type="application/pdf")
    else:
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
