"""The opening-hours page's forms: holidays and the out-of-hours reply, weekly intervals, closures."""

from __future__ import annotations

from typing import Any

import holidays as holidays_lib
from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.policies.models import Closure, OpeningInterval, ServicePolicy

PROVINCES = frozenset(holidays_lib.Italy.subdivisions)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M", attrs={"class": "form-control"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"})


class HolidaysForm(forms.ModelForm):
    class Meta:
        model = ServicePolicy
        fields = ("observe_national_holidays", "holidays_subdivision", "patron_saint", "patron_month", "patron_day",
                  "closed_reply_enabled", "closed_reply_text")
        widgets = {"closed_reply_text": forms.Textarea(attrs={"rows": 4})}

    def clean_holidays_subdivision(self) -> str:
        code = (self.cleaned_data.get("holidays_subdivision") or "").strip().upper()
        if code and code not in PROVINCES:
            raise forms.ValidationError(_("“%(code)s” is not an Italian province code (for example RM, MI, RN).")
                                        % {"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month, day = data.get("patron_month"), data.get("patron_day")
        if bool(month) != bool(day):
            raise forms.ValidationError(_("Give both the day and the month of the patron saint, or neither."))
        if month and day:
            from calendar import monthrange

            if day > monthrange(2024, month)[1]:  # a leap year: 29 February is a real date
                self.add_error("patron_day", _("That month has no day %(day)s.") % {"day": day})
        return data


class IntervalForm(forms.ModelForm):
    class Meta:
        model = OpeningInterval
        fields = ("weekday", "opens", "closes")
        widgets = {"weekday": forms.Select(attrs={"class": "form-select"}), "opens": TimeInput(), "closes": TimeInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", _("The office must close after it opens."))
        return data


class BaseIntervalFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        by_day: dict[int, list[tuple[Any, Any]]] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("opens") is None or data.get("closes") is None:
                continue
            by_day.setdefault(data["weekday"], []).append((data["opens"], data["closes"]))
        names = dict(OpeningInterval.Weekday.choices)
        for weekday, spans in sorted(by_day.items()):
            spans.sort()
            for (_a, first_end), (second_start, _b) in zip(spans, spans[1:]):
                if second_start < first_end:
                    raise forms.ValidationError(
                        _("Two intervals overlap on %(day)s: each interval must end before the next begins.")
                        % {"day": names[weekday]}
                    )


IntervalFormSet = forms.modelformset_factory(
    OpeningInterval, form=IntervalForm, formset=BaseIntervalFormSet, extra=3, can_delete=True
)


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ("name", "starts", "ends", "every_year", "reply_text")
        widgets = {"starts": DateInput(), "ends": DateInput(), "reply_text": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The closure cannot end before it starts."))
        return data


ClosureFormSet = forms.modelformset_factory(Closure, form=ClosureForm, extra=1, can_delete=True)
