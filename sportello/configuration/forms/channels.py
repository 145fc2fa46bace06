"""Forms of the channels page: how each channel account is run, and redirects to other channels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.configuration.forms.tokens import TokenField
from sportello.policies.models import ChannelPolicy, Redirect


class ChannelPolicyForm(forms.ModelForm):
    class Meta:
        model = ChannelPolicy
        fields = ("mode", "report_redirect_text", "outbound_only_text")
        widgets = {
            "mode": forms.RadioSelect,
            "report_redirect_text": forms.Textarea(attrs={"rows": 3}),
            "outbound_only_text": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == ChannelPolicy.Mode.INFO_ONLY and not (data.get("report_redirect_text") or "").strip():
            self.add_error("report_redirect_text", _(
                "In “information only” mode citizens must be told where to send reports and complaints."))
        return data


class RedirectForm(forms.ModelForm):
    topics = TokenField(
        label=_("Topics"), required=False,
        help_text=_("Only when the message is about one of these (one per line or separated by commas), for example "
                    "“identity card”. Empty: every message of this kind."),
    )

    class Meta:
        model = Redirect
        fields = ("name", "kind", "topics", "text", "active")
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        # The field strips spaces, so an empty or blank text fails as "required" before clean_text: same words.
        error_messages = {"text": {"required": _("Write the reply the citizen will receive.")}}

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(_("Write the reply the citizen will receive."))
        return text
