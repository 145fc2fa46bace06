from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from sportello.console.models import CannedReply
from sportello.console.services import CANNED_VARIABLES, canned_problems
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality, StaffMembership


class CannedReplyForm(forms.ModelForm):
    class Meta:
        model = CannedReply
        fields = ["municipality", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        allowed = roles.municipalities_with_role(user, StaffMembership.Role.SUPERVISOR)
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=allowed)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")
        if len(allowed) == 1:
            self.fields["municipality"].initial = allowed[0]
        self.fields["body"].help_text = _("Variabili: %(list)s.") % {"list": "; ".join(
            "{%s} %s" % (name, meaning) for name, meaning in CANNED_VARIABLES.items())}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        problems = canned_problems(body)
        if problems:
            raise forms.ValidationError(problems)
        return body
