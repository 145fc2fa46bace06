"""The keyword command form: phrases as tokens, the action, the lists it applies to, the reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.broadcasts.models import MailingList
from sportello.configuration.forms.tokens import TokenField
from sportello.policies.matching import tokens
from sportello.policies.models import KeywordCommand


class CommandForm(forms.ModelForm):
    phrases = TokenField(
        label=_("Phrases"),
        help_text=_("What the citizen writes, one per line or separated by commas (for example “ISCRIVIMI”, “👍”). "
                    "Case, accents, apostrophes, spaces and final punctuation do not matter; emoji match every "
                    "skin tone."),
    )

    class Meta:
        model = KeywordCommand
        fields = ("phrases", "action", "lists", "accepts_tags", "reply_text", "active")
        widgets = {"lists": forms.CheckboxSelectMultiple, "reply_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["lists"].queryset = MailingList.objects.filter(municipality=municipality).order_by("name")
        if self.instance.pk:
            self.initial["phrases"] = self.instance.phrase_list()

    def clean_phrases(self) -> str:
        phrases: list[str] = self.cleaned_data.get("phrases") or []
        empty = [p for p in phrases if not tokens(p)]
        if empty:
            raise forms.ValidationError(_("“%(phrase)s” has no letters, digits or emoji: nobody could write it.")
                                        % {"phrase": empty[0]})
        others = KeywordCommand.objects.filter(municipality=self.municipality, active=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        taken = {tuple(tokens(p)): p for other in others for p in other.phrase_list()}
        for phrase in phrases:
            if tuple(tokens(phrase)) in taken:
                raise forms.ValidationError(
                    _("“%(phrase)s” is already a phrase of another active command (“%(other)s”).")
                    % {"phrase": phrase, "other": taken[tuple(tokens(phrase))]}
                )
        return "\n".join(phrases)


class TryForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=200, strip=True,
                           widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
