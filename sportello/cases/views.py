"""Console pages of the cases app: list, detail and actions, opening a case from a conversation, the map.

Thin: scope through `access.cases_for`, call a service, render. A case the user may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sportello.cases import conf, quarantine, routing, services
from sportello.cases.access import cases_for, departments_for, sees_all_cases
from sportello.cases.models import Case, CaseAttachment, Category, Department
from sportello.conversations.models import Conversation, Message
from sportello.core.audit import audit
from sportello.core.security import serve_attachment
from sportello.municipalities.scoping import municipalities_for
from sportello.core.audit_reads import audited_read

MAX_UPLOAD = 25 * 1024 * 1024


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(
        cases_for(request.user).select_related("department", "category", "municipality", "conversation", "citizen"),
        pk=pk,
    )


def _conversation_or_404(request: HttpRequest, pk: int) -> Conversation:
    """Conversations a case can be opened from: the user's municipalities, where they see every case (URP)."""
    conversation = get_object_or_404(
        Conversation.objects.select_related("municipality", "citizen", "account"),
        pk=pk, municipality__in=municipalities_for(request.user),
    )
    if not sees_all_cases(request.user, conversation.municipality_id):
        raise Http404
    return conversation


def _filtered(request: HttpRequest, qs: QuerySet[Case]) -> tuple[QuerySet[Case], dict[str, str]]:
    f = {k: request.GET.get(k, "") for k in ("stato", "servizio", "q", "scadute")}
    if f["stato"] == "tutte":
        pass
    elif f["stato"] in Case.State.values:
        qs = qs.filter(state=f["stato"])
    else:
        qs = qs.filter(state__in=Case.OPEN_STATES)
    if f["servizio"].isdigit():
        qs = qs.filter(department_id=int(f["servizio"]))
    if f["q"]:
        qs = qs.filter(Q(reference__icontains=f["q"]) | quarantine.title_matches(f["q"]))
    if f["scadute"]:
        qs = qs.filter(state__in=Case.OPEN_STATES, due_at__lt=timezone.now())
    return qs, f


@login_required
@require_GET
@audited_read("case.listed")
def case_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _filtered(request, cases_for(request.user).select_related("department", "category", "assigned_to"))
    # Overdue first, then the nearest due date: what needs attention is at the top.
    cases = [quarantine.shown(c) for c in qs.prefetch_related("messages").order_by("due_at", "-created_at")[:300]]
    cases.sort(key=lambda c: (not c.is_overdue,))
    return render(request, "cases/list.html", {
        "cases": cases,
        "filters": filters,
        "states": Case.State.choices,
        "departments": departments_for(request.user).order_by("name"),
        "overdue_count": sum(c.is_overdue for c in cases),
    })


class StateForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("Nuovo stato"), choices=Case.State.choices)
    note = forms.CharField(label=gettext_lazy("Nota (per il cittadino se risolta)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    audit("case.viewed", actor=request.user, municipality=case.municipality, target=case)
    wide = sees_all_cases(request.user, case.municipality_id)
    return render(request, "cases/detail.html", {
        "case": quarantine.shown(case),  # moderation's quarantine holds on the case paths too
        "events": case.events.select_related("actor"),
        "attachments": quarantine.visible_attachments(case.attachments.select_related("source")),
        "linked_messages": case.messages.filter(hidden_at__isnull=True).order_by("sent_at"),
        "transitions": [(s, Case.State(s).label) for s in services.TRANSITIONS[case.state]],
        "departments": Department.objects.filter(municipality=case.municipality, active=True) if wide else [],
        "categories": Category.objects.filter(department=case.department),
        "assignees": case.department.members.filter(is_active=True),
        "tile_url": conf.get("CASES_TILE_URL"),
        "tile_attribution": conf.get("CASES_TILE_ATTRIBUTION"),
        "map_link": conf.map_link(case.latitude, case.longitude),
    })


def _run(request: HttpRequest, case: Case, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except services.CaseError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, success)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_state(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    state = request.POST.get("state", "")
    note = request.POST.get("note", "")
    return _run(request, case, lambda: services.change_state(case, state, request.user, note), _("Stato aggiornato."))


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    return _run(request, case, lambda: services.add_note(case, request.POST.get("text", ""), request.user),
                _("Nota aggiunta."))


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    user_id = request.POST.get("user", "")
    user = case.department.members.filter(pk=user_id).first() if user_id.isdigit() else None
    if user_id and user is None:
        raise Http404
    return _run(request, case, lambda: services.assign(case, user, request.user), _("Assegnazione aggiornata."))


@login_required
@require_POST
def case_department(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    if not sees_all_cases(request.user, case.municipality_id):
        raise Http404  # only the URP moves cases between departments
    department = get_object_or_404(Department, pk=request.POST.get("department") or 0, municipality=case.municipality)
    category = None
    if request.POST.get("category", "").isdigit():
        category = get_object_or_404(Category, pk=request.POST["category"], department=department)
    note = request.POST.get("note", "")
    return _run(request, case, lambda: services.move_to_department(case, department, request.user, note, category),
                _("Pratica inoltrata a %(department)s.") % {"department": department.name})


@login_required
@require_POST
def case_location(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    try:
        lat, lon = float(request.POST.get("latitude", "")), float(request.POST.get("longitude", ""))
    except ValueError:
        flash.error(request, _("Indicare latitudine e longitudine in gradi decimali (per esempio 39.2238)."))
        return redirect("cases:detail", pk=case.pk)
    return _run(request, case, lambda: services.set_location(case, lat, lon, request.POST.get("address", ""), request.user),
                _("Posizione aggiornata."))


@login_required
@require_POST
def case_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        flash.error(request, _("Scegliere un file (al massimo 25 MB)."))
        return redirect("cases:detail", pk=case.pk)
    content = upload.read()
    return _run(request, case, lambda: services.add_attachment(case, upload.name, content, upload.content_type or "", request.user),
                _("Allegato aggiunto."))


@login_required
@require_GET
def case_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    case = _case_or_404(request, pk)
    attachment = get_object_or_404(
        quarantine.visible_attachments(CaseAttachment.objects.select_related("source")), pk=attachment_id, case=case
    )
    handle = attachment.open_file()
    if handle is None:
        raise Http404(_("File non ancora disponibile."))
    audit("case.attachment_downloaded", actor=request.user, municipality=case.municipality, target=case,
          attachment=attachment.pk)
    return serve_attachment(handle, attachment.mime_type, attachment.filename)


# Opening a case from a conversation -------------------------------------------------------------------------

def _default_title(messages: list[Message], suggestion: dict | None) -> str:
    text = next((m.text for m in reversed(messages) if m.text and m.kind != "location"), "")
    if text:
        return text.splitlines()[0][:120]
    return (suggestion or {}).get("category") or _("Richiesta del cittadino")


def _open(request: HttpRequest, conversation: Conversation, department: Department, data: Any) -> HttpResponse:
    ids = [int(x) for x in data.getlist("messages") if x.isdigit()]
    messages = list(
        Message.objects.filter(conversation=conversation, pk__in=ids, hidden_at__isnull=True)
    ) if ids else routing.request_messages(
        conversation
    )
    # Locations and photos sent just before or after the text belong to the request too.
    if not ids:
        extra = routing.current_request(conversation).filter(kind__in=("location", "image", "document", "video"))
        messages = sorted({*messages, *extra}, key=lambda m: (m.sent_at, m.pk))
    suggestion = routing.latest_suggestion(conversation)
    category = None
    if data.get("category", "").isdigit():
        category = get_object_or_404(Category, pk=data["category"], department=department)
    elif suggestion and suggestion.top and suggestion.top.get("department") == department.code:
        category = department.categories.filter(name=suggestion.top.get("category") or "").first()
    lat = lon = None
    if data.get("latitude") and data.get("longitude"):
        try:
            lat, lon = float(data["latitude"]), float(data["longitude"])
        except ValueError:
            flash.error(request, _("Coordinate non valide."))
            return redirect("cases:open", conversation_id=conversation.pk)
    try:
        case = services.open_case(
            department=department,
            category=category,
            title=data.get("title") or _default_title(messages, suggestion.top if suggestion else None),
            description=data.get("description", "") or "\n".join(m.text for m in messages if m.text),
            conversation=conversation,
            messages=messages,
            actor=request.user,
            latitude=lat, longitude=lon, address=data.get("address", ""),
            public=bool(data.get("public")),
            public_description=data.get("public_description", ""),
            suggestion=suggestion,
        )
    except services.CaseError as error:
        flash.error(request, error.message)
        return redirect("cases:open", conversation_id=conversation.pk)
    flash.success(request, _("Pratica %(reference)s aperta e inoltrata a %(department)s.") % {
        "reference": case.reference, "department": department.name,
    })
    return redirect("cases:detail", pk=case.pk)


@login_required
@audited_read("conversation.case_form_viewed")
def open_case(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation_or_404(request, conversation_id)
    if request.method == "POST":
        department = get_object_or_404(
            Department, pk=request.POST.get("department") or 0, municipality=conversation.municipality, active=True
        )
        return _open(request, conversation, department, request.POST)
    suggestion = routing.latest_suggestion(conversation)
    selected = {m.pk for m in routing.request_messages(conversation)}
    messages = list(conversation.messages.filter(direction=Message.Direction.INBOUND, hidden_at__isnull=True)
                    .order_by("-sent_at", "-id")[:30])
    return render(request, "cases/open.html", {
        "conversation": conversation,
        "suggestion": suggestion,
        "departments": Department.objects.filter(municipality=conversation.municipality, active=True)
        .prefetch_related("categories"),
        "messages_list": messages[::-1],
        "selected": selected,
        "top_code": (suggestion.top or {}).get("department") if suggestion else None,
    })


@login_required
@require_POST
def confirm_suggestion(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """One click on a suggested department: the case is opened with the request's messages."""
    conversation = _conversation_or_404(request, conversation_id)
    department = get_object_or_404(
        Department, code=request.POST.get("department", ""), municipality=conversation.municipality, active=True
    )
    return _open(request, conversation, department, request.POST)


def conversation_panel(request: HttpRequest, conversation: Conversation) -> dict[str, Any] | None:
    """Context of the "Apri pratica" side panel of the console's conversation view."""
    if not sees_all_cases(request.user, conversation.municipality_id):
        return None
    return {
        "suggestion": routing.latest_suggestion(conversation),
        "conversation_cases": Case.objects.filter(conversation=conversation).select_related("department")[:5],
    }


# Map ---------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def case_map(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/map.html", {
        "tile_url": conf.get("CASES_TILE_URL"),
        "tile_attribution": conf.get("CASES_TILE_ATTRIBUTION"),
        "map_link_template": getattr(settings, "SPORTELLO_MAP_LINK_URL", ""),
        "categories": Category.objects.filter(department__in=departments_for(request.user)).select_related("department"),
    })


@login_required
@require_GET
@audited_read("case.map_data_read")
def map_data(request: HttpRequest) -> JsonResponse:
    """Open cases with a location, as GeoJSON (the map's data)."""
    qs = cases_for(request.user).filter(
        state__in=Case.OPEN_STATES, latitude__isnull=False, longitude__isnull=False
    ).select_related("department", "category").prefetch_related("messages")
    if request.GET.get("categoria", "").isdigit():
        qs = qs.filter(category_id=int(request.GET["categoria"]))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c.longitude, c.latitude]},
            "properties": {
                "id": c.pk, "reference": c.reference, "title": quarantine.shown(c).shown_title,
                "state": c.get_state_display(),
                "department": c.department.name, "category": c.category.name if c.category else "",
                "category_id": c.category_id, "overdue": c.is_overdue, "url": reverse("cases:detail", args=[c.pk]),
            },
        }
        for c in qs[:2000]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
