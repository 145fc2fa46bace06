from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.survey.scale import ASPECTS, SCORES


class SurveyForm(forms.Form):
    """Every question optional: a partial answer counts for the aspects it covers."""

    overall = forms.TypedChoiceField(choices=[(s, s) for s in SCORES], coerce=int, required=False,
                                     widget=forms.RadioSelect, empty_value=None)
    waiting_time = forms.TypedChoiceField(choices=[(s, s) for s in SCORES], coerce=int, required=False,
                                          widget=forms.RadioSelect, empty_value=None)
    competence = forms.TypedChoiceField(choices=[(s, s) for s in SCORES], coerce=int, required=False,
                                        widget=forms.RadioSelect, empty_value=None)
    courtesy = forms.TypedChoiceField(choices=[(s, s) for s in SCORES], coerce=int, required=False,
                                      widget=forms.RadioSelect, empty_value=None)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def scores(self) -> dict[str, int]:
        return {a: self.cleaned_data[a] for a in ASPECTS if self.cleaned_data.get(a) is not None}

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not any(data.get(a) is not None for a in ASPECTS) and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Please answer at least one question."), code="empty")
        return data
