"""The admin form every channel account uses for its secrets: write-only, an empty field keeps the stored value."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import ScopedChoicesMixin


class WriteOnlySecretsForm(ScopedChoicesMixin, forms.ModelForm):
    """Declare the secret fields as `forms.CharField(widget=forms.PasswordInput, required=False)` and name them in
    `secrets`; those in `required_on_create` must be given when the account is created."""

    secrets: ClassVar[tuple[str, ...]] = ()
    required_on_create: ClassVar[tuple[str, ...] | None] = None  # None: every secret

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = self.secrets if self.required_on_create is None else self.required_on_create
        for name in self.secrets:
            self.initial[name] = ""  # never rendered back into the page
            if self.instance.pk:
                self.fields[name].help_text = _("Lasciare vuoto per non cambiarlo.")
            elif name in required:
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            stored = type(self.instance).objects.get(pk=self.instance.pk)
            for name in self.secrets:
                if not data.get(name):
                    data[name] = getattr(stored, name)
        return data
