"""The knowledge base in the console: suggestions beside a conversation (operators), the editor, the CSV import
and the automatic-answer setting (supervisors and above). Thin: scope, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.console import queries
from sportello.core.audit import audit
from sportello.knowledge import importing, services
from sportello.knowledge.forms import EntryForm, ImportForm, SettingsForm
from sportello.knowledge.models import Entry, Settings
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality, StaffMembership

operator_required = roles.role_required(StaffMembership.Role.OPERATOR)
supervisor_required = roles.role_required(StaffMembership.Role.SUPERVISOR)


# -- beside the conversation (operators) -------------------------------------------------------------------------
def conversation_panel(request: HttpRequest, conversation: Any) -> dict[str, Any] | None:
    if not Entry.objects.filter(municipality_id=conversation.municipality_id, active=True).exists():
        return None
    question = services.question_messages(conversation)
    suggestions = services.suggest(conversation.municipality_id, services.text_of(question))
    services.count_suggested([s.entry for s in suggestions], question[-1].pk if question else None)
    return {
        "suggestions": suggestions,
        "can_edit": roles.has_role(request.user, conversation.municipality_id, StaffMembership.Role.SUPERVISOR),
    }


@operator_required
@require_POST
def insert(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    """The operator chose a suggestion: its answer for the composer, and the choice remembered for learning."""
    conversation = queries.conversation_or_404(request.user, pk)
    entry = get_object_or_404(Entry, pk=entry_id, municipality_id=conversation.municipality_id, active=True)
    services.record_insertion(entry, conversation, request.user)
    return JsonResponse({"text": services.render_answer(entry)})


# -- the editor (supervisors) ------------------------------------------------------------------------------------
def _towns(request: HttpRequest) -> list[int]:
    return roles.municipalities_with_role(request.user, StaffMembership.Role.SUPERVISOR)


def _scope(request: HttpRequest) -> Any:
    return Entry.objects.filter(municipality_id__in=_towns(request)).select_related("municipality", "department")


@supervisor_required
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = _scope(request)
    q = request.GET.get("q", "").strip()
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(question__icontains=q) | Q(answer__icontains=q))
    state = request.GET.get("stato", "attive")
    if state == "attive":
        entries = entries.filter(active=True)
    elif state == "disattivate":
        entries = entries.filter(active=False)
    towns = Municipality.objects.filter(pk__in=_towns(request))
    modes = dict(Settings.objects.filter(municipality__in=towns).values_list("municipality_id", "auto_answers"))
    settings_forms = [
        (town, SettingsForm(initial={"auto_answers": modes.get(town.pk, Settings.AutoAnswers.NEVER)},
                            prefix=f"m{town.pk}"))
        for town in towns
    ]
    return render(request, "knowledge/list.html", {
        "entries": entries.order_by("municipality__name", "title")[:500], "q": q, "state": state,
        "settings_forms": settings_forms,
    })


@supervisor_required
def entry_create(request: HttpRequest) -> HttpResponse:
    form = EntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.updated_by = request.user
        entry.save()
        audit("knowledge.entry_created", actor=request.user, municipality=entry.municipality, target=entry)
        flash.success(request, _("Voce salvata."))
        return redirect("knowledge:list")
    return render(request, "knowledge/edit.html", {"form": form, "entry": None})


@supervisor_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(_scope(request), pk=entry_id)
    form = EntryForm(request.POST or None, instance=entry, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.updated_by = request.user
        entry.save()
        audit("knowledge.entry_changed", actor=request.user, municipality=entry.municipality, target=entry)
        flash.success(request, _("Voce salvata."))
        return redirect("knowledge:list")
    return render(request, "knowledge/edit.html", {"form": form, "entry": entry})


@supervisor_required
@require_POST
def entry_toggle(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(_scope(request), pk=entry_id)
    entry.active = not entry.active
    entry.updated_by = request.user
    entry.save(update_fields=["active", "updated_by", "updated_at"])
    audit("knowledge.entry_activated" if entry.active else "knowledge.entry_deactivated",
          actor=request.user, municipality=entry.municipality, target=entry)
    flash.success(request, _("Voce riattivata.") if entry.active else _("Voce disattivata: non sarà più proposta."))
    return redirect("knowledge:edit", entry_id=entry.pk)


@supervisor_required
def import_entries(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importing.import_csv(form.cleaned_data["municipality"], form.cleaned_data["file"].read(), request.user)
        if result.ok:
            flash.success(request, _("Importazione completata: %(created)d voci nuove, %(updated)d aggiornate.") % {
                "created": result.created, "updated": result.updated})
            return redirect("knowledge:list")
    return render(request, "knowledge/import.html", {"form": form, "result": result})


@supervisor_required
@require_POST
def update_settings(request: HttpRequest, municipality_id: int) -> HttpResponse:
    town = get_object_or_404(Municipality, pk=municipality_id, pk__in=_towns(request))
    form = SettingsForm(request.POST, prefix=f"m{town.pk}")
    if form.is_valid():
        services.set_mode(town, form.cleaned_data["auto_answers"], request.user)
        flash.success(request, _("Impostazione salvata."))
    return redirect("knowledge:list")
