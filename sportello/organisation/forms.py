"""The settings forms. Labels and help texts are what staff read; validation mirrors the models' constraints
(unique codes per town or department) so a mistake is a message on the field, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sportello.broadcasts.models import MailingList
from sportello.cases.models import Category, Department
from sportello.municipalities.models import Municipality, StaffMembership
from sportello.organisation.services.departments import split_keywords
from sportello.organisation.services.lists import normalise_tags


class MailingListForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False,
        help_text=_("Words citizens may add to a command to pick this list, e.g. #EMERGENZE. Separate them with "
                    "commas; case, accents and apostrophes do not matter."),
    )

    class Meta:
        model = MailingList
        fields = ("name", "slug", "description", "category", "requires_consent", "active")
        labels = {"name": _("Name"), "slug": _("Code"), "description": _("Description"), "category": _("Kind"),
                  "requires_consent": _("Requires accepting the consent policy"), "active": _("Active")}
        help_texts = {
            "slug": _("Short code used in links and exports: lowercase letters, digits and hyphens."),
            "category": _("The consent policy names the kinds it covers: a new kind needs a version that covers it."),
            "requires_consent": _("Turn off only for lists that send nothing (e.g. a bulletin citizens consult)."),
            "active": _("An inactive list cannot be joined and receives no campaigns."),
        }

    def __init__(self, *args: Any, town: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(self.instance.tags or [])

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if MailingList.objects.filter(municipality=self.town, slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another list of this municipality already uses this code."))
        return slug

    def clean_tags_text(self) -> list[str]:
        tags = normalise_tags(self.cleaned_data["tags_text"])
        from sportello.policies.matching import tag_key

        mine = {tag_key(t) for t in tags}
        for other in MailingList.objects.filter(municipality=self.town).exclude(pk=self.instance.pk):
            clash = mine & {tag_key(t) for t in other.tags or []}
            if clash:
                raise forms.ValidationError(_("The list «%(name)s» already uses the tag %(tag)s.")
                                            % {"name": other.name, "tag": "#" + sorted(clash)[0].upper()})
        return tags

    def save(self, commit: bool = True) -> MailingList:
        self.instance.municipality = self.town
        self.instance.tags = self.cleaned_data["tags_text"]
        return super().save(commit=commit)


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What citizens read before joining: who processes their data and why, what they will receive, "
                    "the rules of conduct, how to leave."),
    )
    list_kinds = forms.MultipleChoiceField(
        label=_("Kinds of list covered"), choices=MailingList.Category.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Consent given to a version counts only for the kinds it covers."),
    )

    def __init__(self, *args: Any, town: Municipality, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.town, self.current = town, current

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kinds = data.get("list_kinds")
        if kinds is not None:
            from sportello.organisation.services.lists import uncovered_lists

            missing = uncovered_lists(self.town, kinds)
            if missing:
                self.add_error("list_kinds", _("These active lists ask for consent but their kind is not covered: "
                                               "%(lists)s.") % {"lists": ", ".join(m.name for m in missing)})
        if (self.current is not None and data.get("title") == self.current.title
                and (data.get("text") or "").strip() == self.current.text.strip()
                and sorted(kinds or []) == sorted(self.current.list_kinds or [])):
            raise forms.ValidationError(_("Nothing changed from the version in force."))
        return data


class DepartmentForm(forms.ModelForm):
    keywords_text = forms.CharField(
        label=_("Keywords"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Words or short phrases that point to this department, one per line or separated by commas: "
                    "they help suggest where a request goes."),
    )

    class Meta:
        model = Department
        fields = ("name", "code", "description", "email", "coordinates", "fallback", "active")
        labels = {"name": _("Name"), "code": _("Code"), "description": _("Description"),
                  "email": _("E-mail for notifications"), "coordinates": _("Sees every case"),
                  "fallback": _("Receives general requests"), "active": _("Active")}
        help_texts = {
            "code": _("Short code used in Open311 service codes: lowercase letters, digits and hyphens."),
            "email": _("New cases of this department are announced at this address."),
            "coordinates": _("Its staff (for example the URP) see and handle every case of the municipality."),
            "fallback": _("Suggested for greetings, thanks and unclear messages. Only one department should."),
        }

    def __init__(self, *args: Any, town: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        if self.instance.pk:
            self.fields["keywords_text"].initial = "\n".join(self.instance.keywords or [])

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Department.objects.filter(municipality=self.town, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another department of this municipality already uses this code."))
        return code

    def clean_keywords_text(self) -> list[str]:
        return split_keywords(self.cleaned_data["keywords_text"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("fallback"):
            other = Department.objects.filter(municipality=self.town, fallback=True, active=True).exclude(
                pk=self.instance.pk).first()
            if other is not None:
                self.add_error("fallback", _("«%(name)s» already receives general requests.") % {"name": other.name})
        return data

    def save(self, commit: bool = True) -> Department:
        self.instance.municipality = self.town
        self.instance.keywords = self.cleaned_data["keywords_text"]
        return super().save(commit=commit)


class CategoryForm(forms.ModelForm):
    keywords_text = forms.CharField(
        label=_("Keywords"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas."),
    )

    class Meta:
        model = Category
        fields = ("name", "code", "target_hours", "public")
        labels = {"name": _("Name"), "code": _("Code"), "target_hours": _("Target time (office hours)"),
                  "public": _("Published on Open311")}
        help_texts = {
            "code": _("Lowercase letters, digits and hyphens; the Open311 service code is department-category."),
            "target_hours": _("Office hours within which a case of this category should be resolved (the SLA). "
                              "40 hours are a working week."),
            "public": _("Citizens' apps can report this category through Open311."),
        }

    def __init__(self, *args: Any, department: Department, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.department = department
        self.fields["target_hours"].min_value = 1
        self.fields["target_hours"].widget.attrs.update({"min": 1, "max": 2000})
        if self.instance.pk:
            self.fields["keywords_text"].initial = "\n".join(self.instance.keywords or [])

    def clean_target_hours(self) -> int:
        hours = self.cleaned_data["target_hours"]
        if not 1 <= hours <= 2000:
            raise forms.ValidationError(_("Between 1 and 2,000 office hours."))
        return hours

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Category.objects.filter(department=self.department, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another category of this department already uses this code."))
        return code

    def clean_keywords_text(self) -> list[str]:
        return split_keywords(self.cleaned_data["keywords_text"])

    def save(self, commit: bool = True) -> Category:
        self.instance.department = self.department
        self.instance.keywords = self.cleaned_data["keywords_text"]
        return super().save(commit=commit)


class MemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Staff member"), coerce=int)
    notify = forms.BooleanField(label=_("Receives e-mails about new cases"), required=False, initial=True)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["user"].choices = [(u.pk, u.get_full_name() or u.get_username()) for u in candidates]

    def clean_user(self) -> Any:
        return self.candidates[self.cleaned_data["user"]]


ROLE_HELP = _("Operators answer conversations and handle cases; supervisors also configure the office and see "
              "statistics; administrators also manage staff.")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=StaffMembership.Role.choices)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("The invitation with the link to set a password goes "
                                                            "here; it is also the username."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=StaffMembership.Role.choices, help_text=ROLE_HELP)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="it")


class PolicySettingsForm(forms.Form):
    strikes_to_block = forms.IntegerField(
        label=_("Violations before the block"), min_value=0, max_value=100,
        help_text=_("After this many violations the citizen is blocked automatically. 0: never."))
    strike_days = forms.IntegerField(
        label=_("Days a violation counts"), min_value=1, max_value=3650,
        help_text=_("Older violations no longer count towards the block."))
