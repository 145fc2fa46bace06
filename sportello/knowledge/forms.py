from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.cases.models import Department
from sportello.knowledge.models import Entry, Settings
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality, StaffMembership


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")


def _towns(user: Any) -> Any:
    return Municipality.objects.filter(pk__in=roles.municipalities_with_role(user, StaffMembership.Role.SUPERVISOR))


class EntryForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Parole chiave"), required=False, help_text=_("Separate da virgole: aiutano a trovare la voce."),
    )

    class Meta:
        model = Entry
        fields = ["municipality", "title", "question", "alternatives", "answer", "department", "active"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6}), "alternatives": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        towns = _towns(user)
        self.fields["municipality"].queryset = towns
        self.fields["department"].queryset = Department.objects.filter(municipality__in=towns, active=True)
        if self.instance.pk:
            self.fields["municipality"].disabled = True
            self.fields["tags_text"].initial = ", ".join(self.instance.tags or [])
        elif towns.count() == 1:
            self.fields["municipality"].initial = towns.first()
        self.order_fields(["municipality", "title", "question", "alternatives", "answer", "department", "tags_text", "active"])
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        town, department = data.get("municipality"), data.get("department")
        if town and department and department.municipality_id != town.pk:
            self.add_error("department", _("Il servizio deve essere dello stesso comune."))
        return data

    def save(self, commit: bool = True) -> Entry:
        self.instance.tags = [t.strip() for t in self.cleaned_data.get("tags_text", "").split(",") if t.strip()]
        return super().save(commit)


class ImportForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.none(), label=_("Comune"))
    file = forms.FileField(label=_("File CSV"), help_text=_("Al massimo 2 MB."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        towns = _towns(user)
        self.fields["municipality"].queryset = towns
        if towns.count() == 1:
            self.fields["municipality"].initial = towns.first()
        _style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Il file è troppo grande."))
        return upload


class SettingsForm(forms.Form):
    auto_answers = forms.ChoiceField(choices=Settings.AutoAnswers.choices, label=_("Risposte automatiche"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)
