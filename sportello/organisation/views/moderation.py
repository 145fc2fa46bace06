"""Moderation per category: hide, notify, count as a violation, threshold; and when violations lead to a block."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sportello.municipalities.roles import role_required
from sportello.organisation.access import SUPERVISOR, town_for
from sportello.organisation.forms import PolicySettingsForm
from sportello.organisation.services import moderation as service
from sportello.organisation.views.common import back_to, context


class ActionForm(forms.Form):
    hide = forms.BooleanField(label=gettext_lazy("Hide at once"), required=False)
    notify = forms.BooleanField(label=gettext_lazy("Send the notice to the citizen"), required=False)
    strike = forms.BooleanField(label=gettext_lazy("Counts as a violation"), required=False)
    threshold = forms.FloatField(label=gettext_lazy("Threshold"), required=False, min_value=0.05, max_value=1,
                                 widget=forms.NumberInput(attrs={"step": "0.05", "placeholder": "0.5"}))


@role_required(SUPERVISOR)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    town = town_for(request)
    policy, rows = service.rows_for(town)
    data = request.POST if request.method == "POST" else None
    forms_by_row = [(row, ActionForm(data, prefix=row.category, initial=vars(row))) for row in rows]
    general = PolicySettingsForm(data, initial={"strikes_to_block": policy.strikes_to_block,
                                                "strike_days": policy.strike_days})
    if data is not None and general.is_valid() and all(f.is_valid() for _row, f in forms_by_row):
        new_rows = [service.ActionRow(row.category, row.label, f.cleaned_data["hide"], f.cleaned_data["notify"],
                                      f.cleaned_data["strike"], f.cleaned_data["threshold"])
                    for row, f in forms_by_row]
        service.save(town, general.cleaned_data, new_rows, request.user)
        messages.success(request, _("Moderation settings saved."))
        return back_to("organisation:moderation", town)
    return render(request, "organisation/moderation.html", context(
        request, town, SUPERVISOR, rows=forms_by_row, general=general, policy=policy,
    ), status=400 if data is not None else 200)
