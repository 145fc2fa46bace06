"""The "Registra telefonata / visita" form: who, when, which channel, what was asked and answered, documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.cases.models import Department
from sportello.municipalities.models import ChannelAccount


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DeskRecordForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Comune"), empty_label=None)  # type: ignore[arg-type]
    channel = forms.ChoiceField(
        label=_("Canale"), widget=forms.RadioSelect,
        choices=[(ChannelAccount.Channel.PHONE, _("Telefonata")), (ChannelAccount.Channel.DESK, _("Visita allo sportello"))],
        initial=ChannelAccount.Channel.PHONE,
    )
    when = forms.DateTimeField(
        label=_("Data e ora"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    citizen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nome e cognome"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telefono"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False,
                            widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}))
    question = forms.CharField(label=_("Che cosa ha chiesto"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    answer = forms.CharField(label=_("Che cosa è stato risposto"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    documents = MultipleFileField(label=_("Documenti"), required=False)
    keep_open = forms.BooleanField(label=_("Serve un seguito: lascia la conversazione aperta"), required=False)
    open_case = forms.BooleanField(label=_("Apri una pratica per il servizio competente"), required=False)
    department = forms.ModelChoiceField(queryset=None, label=_("Servizio"), required=False)  # type: ignore[arg-type]
    case_title = forms.CharField(label=_("Oggetto della pratica"), max_length=200, required=False)

    def __init__(self, *args: Any, municipalities: Any, case_municipalities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["department"].queryset = (
            Department.objects.filter(municipality__in=case_municipalities, active=True)
            .select_related("municipality").order_by("municipality__name", "name")
        )
        self.fields["department"].label_from_instance = (
            (lambda d: f"{d.name} · {d.municipality.name}") if len(case_municipalities) > 1 else (lambda d: d.name)
        )
        self.can_open_cases = bool(case_municipalities)
        if not self.is_bound:
            self.initial.setdefault("when", timezone.localtime().replace(second=0, microsecond=0))
            if len(municipalities) == 1:
                self.initial.setdefault("municipality", municipalities[0])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("open_case"):
            department = data.get("department")
            if department is None:
                self.add_error("department", _("Scegli il servizio a cui inoltrare la pratica."))
            elif data.get("municipality") is not None and department.municipality_id != data["municipality"].pk:
                self.add_error("department", _("Il servizio scelto è di un altro comune."))
        return data
