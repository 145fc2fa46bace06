from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.configuration import services
from sportello.configuration.access import settings_view
from sportello.configuration.views import back_to, base_context
from sportello.policies import services as policy_services
from sportello.policies.models import ServicePolicy


class EmergencyTextForm(forms.ModelForm):
    class Meta:
        model = ServicePolicy
        fields = ("emergency_text",)
        widgets = {"emergency_text": forms.Textarea(attrs={"rows": 4})}


class SwitchForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("I confirm"), required=True, error_messages={
        "required": gettext_lazy("Tick the confirmation to change the emergency switch."),
    })


@settings_view
def emergency(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    policy = services.policy_of(town)
    text_form = EmergencyTextForm(instance=policy)
    switch_form = SwitchForm()
    if request.method == "POST" and "switch" in request.POST:
        switch_form = SwitchForm(request.POST)
        if switch_form.is_valid():
            turn_on = not policy.emergency_active
            services.switch_emergency(policy, turn_on, request.user)
            messages.success(request, _("Emergency switched on.") if turn_on else _("Emergency switched off."))
            return back_to(request, "configuration:emergency")
    elif request.method == "POST":
        text_form = EmergencyTextForm(request.POST, instance=policy)
        if text_form.is_valid():
            services.save_emergency_text(policy, text_form.cleaned_data["emergency_text"], request.user)
            messages.success(request, _("Emergency message saved."))
            return back_to(request, "configuration:emergency")
    preview_text = policy_services.render(policy.emergency_text, town) if policy.emergency_text else ""
    return render(request, "configuration/emergency.html", base_context(
        request, policy=policy, text_form=text_form, switch_form=switch_form, preview_text=preview_text,
    ))
