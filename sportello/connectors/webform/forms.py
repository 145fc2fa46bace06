"""The form's fields and server-side validation (the only validation: the page works without JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.connectors.webform import abuse, files
from sportello.connectors.webform.models import DEFAULT_CATEGORIES, WebForm


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    group: str = ""


def categories_for(webform: WebForm) -> list[Choice]:
    """The form's own list, else the municipality's case categories (by department) or its departments, else a
    short default list."""
    if webform.categories:
        return [Choice(f"c{i}", str(label)) for i, label in enumerate(webform.categories)]
    from sportello.cases.models import Category

    found = [
        Choice(c.service_code, c.name, c.department.name)
        for c in Category.objects.filter(
            department__municipality_id=webform.account.municipality_id, department__active=True, public=True
        ).select_related("department").order_by("department__name", "name")
    ]
    if not found:  # departments without categories: the departments themselves
        from sportello.cases.models import Department

        found = [
            Choice(d.code, d.name)
            for d in Department.objects.filter(
                municipality_id=webform.account.municipality_id, active=True, coordinates=False
            ).order_by("name")
        ]
    if found:
        return [*found, Choice("altro", _("Altro / non so"), "")]
    return [Choice(f"c{i}", label) for i, label in enumerate(DEFAULT_CATEGORIES)]


class SubmissionForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Argomento"))
    message = forms.CharField(label=gettext_lazy("Messaggio"), widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(label=gettext_lazy("Indirizzo o luogo"), required=False, max_length=200)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    email = forms.EmailField(label=gettext_lazy("Indirizzo e-mail"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Nome e cognome"), required=False, max_length=120)
    consent = forms.BooleanField(label=gettext_lazy("Ho letto l'informativa sulla privacy"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    sito_web = forms.CharField(required=False)

    error_messages_it: ClassVar[dict[str, str]] = {
        "category": gettext_lazy("Scelga l'argomento della richiesta."),
        "message": gettext_lazy("Scriva il messaggio per l'ufficio."),
        "email": gettext_lazy("Indichi l'indirizzo e-mail a cui ricevere la risposta."),
        "consent": gettext_lazy("Per inviare la richiesta deve dichiarare di aver letto l'informativa sulla privacy."),
    }

    def __init__(self, *args, webform: WebForm, uploads: list[UploadedFile] | None = None,
                 refused: list[str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.webform = webform
        self.choices = categories_for(webform)
        self.fields["category"].choices = [("", _("Scelga un argomento"))] + [(c.code, c.label) for c in self.choices]
        for name, text in self.error_messages_it.items():
            self.fields[name].error_messages["required"] = text
        self.fields["email"].error_messages["invalid"] = _(
            "L'indirizzo e-mail non è valido: lo scriva nella forma nome@esempio.it."
        )
        self.fields["address"].error_messages["max_length"] = _("Il luogo può avere al massimo 200 caratteri.")
        self.fields["name"].error_messages["max_length"] = _("Il nome può avere al massimo 120 caratteri.")
        self.fields["email"].error_messages["max_length"] = _("L'indirizzo e-mail è troppo lungo.")
        self.fields["category"].error_messages["invalid_choice"] = _("Scelga uno degli argomenti dell'elenco.")
        self.uploads = uploads or []
        self.refused = refused or []
        self.accepted: list[tuple[str, files.FileType, bytes]] = []
        self.abuse_problem = ""

    @property
    def category_label(self) -> str:
        code = self.cleaned_data.get("category", "")
        choice = next((c for c in self.choices if c.code == code), None)
        if choice is None:
            return ""
        return f"{choice.group} · {choice.label}" if choice.group else str(choice.label)

    def clean_message(self) -> str:
        text = self.cleaned_data["message"].strip()
        if not text:
            raise forms.ValidationError(self.error_messages_it["message"])
        if len(text) > self.webform.max_message_chars:
            raise forms.ValidationError(
                _("Il messaggio è lungo %(length)d caratteri: il massimo è %(limit)d.")
                % {"length": len(text), "limit": self.webform.max_message_chars}
            )
        return text

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        for hidden in ("latitude", "longitude"):  # set by the map script: a bad value is dropped, not shown
            if self.errors.pop(hidden, None):
                data[hidden] = None
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            data["latitude"] = data["longitude"] = None
        problems = list(self.refused)
        for upload in self.uploads[: self.webform.max_attachments]:
            content = upload.read()
            kind, why = files.check(upload.name or "", content)
            if kind is None:
                problems.append(why)
            else:
                self.accepted.append((files.clean_filename(upload.name or ""), kind, content))
        if len(self.uploads) > self.webform.max_attachments and not self.refused:
            problems.append(
                _("Si possono allegare al massimo %(count)d file.") % {"count": self.webform.max_attachments}
            )
        self.attachment_errors.extend(problems)
        self.abuse_problem = abuse.honeypot_problem(data.get("sito_web", "")) or abuse.stamp_problem(
            data.get("started", "")
        )
        if self.abuse_problem:
            self.add_error(None, self.abuse_problem)
        return data

    # Attachments are not a Django field (several files, checked by content): their errors are kept apart.
    @property
    def attachment_errors(self) -> list[str]:
        if not hasattr(self, "_attachment_errors"):
            self._attachment_errors: list[str] = []
        return self._attachment_errors

    def is_valid(self) -> bool:
        return super().is_valid() and not self.attachment_errors

    def summary(self) -> list[dict[str, str]]:
        """Every problem once, in page order, each linked to its field when it has one (the error summary)."""
        items: list[dict[str, str]] = [{"id": "", "message": str(e)} for e in self.non_field_errors()]
        for name in ("category", "message", "attachments", "address", "email", "name", "consent"):
            if name == "attachments":
                items += [{"id": "id_attachments", "message": m} for m in self.attachment_errors]
            elif name in self.errors:
                items += [{"id": f"id_{name}", "message": str(m)} for m in self.errors[name]]
        return items
