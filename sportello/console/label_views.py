"""Labels: supervisors manage a municipality's labels; operators put them on and take them off conversations."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.console import labels, queries
from sportello.console.models import Label
from sportello.conversations.models import Conversation
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality, StaffMembership

operator_required = roles.role_required(StaffMembership.Role.OPERATOR)
supervisor_required = roles.role_required(StaffMembership.Role.SUPERVISOR)


def _managed(request: HttpRequest) -> QuerySet[Label]:
    towns = roles.municipalities_with_role(request.user, StaffMembership.Role.SUPERVISOR)
    return Label.objects.filter(municipality_id__in=towns).select_related("municipality")


@supervisor_required
def manage(request: HttpRequest) -> HttpResponse:
    towns = list(Municipality.objects.filter(
        pk__in=roles.municipalities_with_role(request.user, StaffMembership.Role.SUPERVISOR)
    ).order_by("name"))
    error = ""
    if request.method == "POST":
        try:
            town = next((t for t in towns if str(t.pk) == request.POST.get("municipality", str(towns[0].pk))), None)
            if town is None:
                raise ValidationError(_("Scegli un comune."))
            label = labels.create_label(town, request.POST.get("name", ""), request.POST.get("colour", ""), request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            flash.success(request, _("Etichetta «%(name)s» creata.") % {"name": label.name})
            return redirect("console:labels")
    rows = _managed(request).annotate(used=Count("conversation_links")).order_by("municipality__name", "name")
    return render(request, "console/labels.html", {
        "rows": rows, "towns": towns, "palette": labels.PALETTE.items(), "error": error,
        "form_name": request.POST.get("name", "") if error else "",
    })


@supervisor_required
@require_POST
def edit(request: HttpRequest, label_id: int) -> HttpResponse:
    label = get_object_or_404(_managed(request), pk=label_id)
    if request.POST.get("delete") == "1":
        labels.delete_label(label, request.user)
        flash.success(request, _("Etichetta «%(name)s» eliminata.") % {"name": label.name})
        return redirect("console:labels")
    try:
        labels.change_label(label, request.POST.get("name", ""), request.POST.get("colour", ""), request.user)
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
    else:
        flash.success(request, _("Etichetta «%(name)s» salvata.") % {"name": label.name})
    return redirect("console:labels")


def labels_context(conversation: Conversation) -> dict[str, Any]:
    current = labels.labels_of(conversation)
    chosen = {label.pk for label in current}
    return {
        "conversation": conversation,
        "conversation_labels": current,
        "addable_labels": [label for label in labels.available_for(conversation) if label.pk not in chosen],
    }


@operator_required
@require_POST
def toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (`action=add`) or remove a label; htmx gets the labels section back, a plain form the page."""
    conversation = queries.conversation_or_404(request.user, pk)
    raw = request.POST.get("label", "")
    label = get_object_or_404(Label, pk=int(raw) if raw.isdigit() else 0, municipality_id=conversation.municipality_id)
    if request.POST.get("action") == "remove":
        labels.remove_label(conversation, label, request.user)
    else:
        labels.add_label(conversation, label, request.user)
    if request.headers.get("HX-Request") != "true":
        return redirect("console:conversation", pk=conversation.pk)
    response = render(request, "console/_labels_section.html", labels_context(conversation))
    response["HX-Trigger"] = json.dumps({"console:changed": {"conversation": conversation.pk}})
    return response
