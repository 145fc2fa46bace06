"""The composer: the campaign form plus, when the audience includes a channel that needs one, the approved template
and its parameters. Saving writes a draft; the template's values land in Campaign.template / template_params."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign
from sportello.campaigns.forms import CampaignForm, TemplatePickForm
from sportello.connectors import templates as channel_templates
from sportello.core.audit import audit
from sportello.municipalities.models import Municipality


def _int_list(values: list[str]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


@dataclass
class TemplatePart:
    """The template section of the composer; `needed` False means it is not shown at all."""

    needed: bool
    pick: TemplatePickForm | None = None
    parameters: forms.Form | None = None
    choice: Any = None  # the TemplateChoice picked

    def is_valid(self) -> bool:
        if not self.needed:
            return True
        assert self.pick is not None
        if not self.pick.is_valid():
            return False
        if self.parameters is None:
            return True
        if self.parameters.is_valid():
            return True
        # A media header is filled by the campaign's own attachment, not by the form's header fields.
        return set(self.parameters.errors) == {NON_FIELD_ERRORS} and self.choice.has_media_header

    def values(self) -> tuple[int | None, list[str]]:
        if not self.needed or self.pick is None:
            return None, []
        template_id = self.pick.cleaned_data["template"]
        if self.parameters is None:
            return template_id, []
        return template_id, [self.parameters.cleaned_data.get(f"p{n}", "") for n in self.choice.parameter_numbers]


def template_part(town: Municipality, campaign: Campaign | None, data: Any = None, submitted: bool = False) -> TemplatePart:
    """Built from the posted lists and channels when there are some, else from the saved campaign. `submitted`:
    the whole composer was posted (a missing choice is an error), not just redrawn after a change."""
    if data is not None:
        list_ids = _int_list(data.getlist("lists"))
        channels = [str(c) for c in data.getlist("channels")]
    else:
        list_ids = list(campaign.lists.values_list("pk", flat=True)) if campaign else []
        channels = list(campaign.channels) if campaign else []
    probe = Campaign(pk=campaign.pk if campaign else None, municipality=town, channels=channels)
    if not list_ids or not services.template_needed(probe, list_ids):  # no audience yet: nothing to ask
        return TemplatePart(needed=False)
    posted = data is not None and ("pick-template" in data or submitted)
    initial = {"template": campaign.template_id} if campaign and campaign.template_id else None
    pick = TemplatePickForm(data if posted else None, town=town, initial=initial)
    template_id = None
    if posted:
        raw = data.get("pick-template", "")
        template_id = int(raw) if raw.isdigit() and int(raw) in pick.choices else None
    elif campaign and campaign.template_id in pick.choices:
        template_id = campaign.template_id
    if template_id is None:
        return TemplatePart(needed=True, pick=pick)
    choice = pick.choices[template_id]
    filled = posted and any(k.startswith("tpl-p") for k in data)
    parameters = channel_templates.parameters_form(template_id, data=data if filled else None, prefix="tpl")
    for name in ("header_url", "header_file"):
        parameters.fields.pop(name, None)
    for field in parameters.fields.values():
        field.help_text = ""  # the template's text is shown once, above its parameters
        field.widget.attrs.setdefault("class", "form-control")
    if not filled and campaign and campaign.template_id == template_id:
        parameters.initial = {f"p{n}": v for n, v in enumerate(campaign.template_params or [], start=1)}
    return TemplatePart(needed=True, pick=pick, parameters=parameters if parameters.fields else None, choice=choice)


class Composer:
    def __init__(self, request: HttpRequest, town: Municipality, campaign: Campaign | None = None):
        self.town, self.campaign, self.user = town, campaign, request.user
        posted = request.method == "POST"
        self.form = CampaignForm(request.POST if posted else None, request.FILES if posted else None, town=town,
                                 instance=campaign)
        self.template = template_part(town, campaign, request.POST if posted else None, submitted=posted)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        template_ok = self.template.is_valid()
        if valid and template_ok and self.template.choice is not None and self.template.choice.has_media_header:
            media = self.form.cleaned_data.get("media") or (self.campaign.media if self.campaign else None)
            if not media or self.form.cleaned_data.get("remove_media"):
                self.form.add_error("media", _("The chosen template starts with an attachment: attach an image or a document."))
                return False
        return valid and template_ok

    def save(self) -> Campaign:
        created = self.campaign is None
        campaign = self.form.save(commit=False)
        if created:
            campaign.created_by = self.user
        campaign.template_id, campaign.template_params = self.template.values()
        campaign.save()
        self.form.save_m2m()
        audit("campaign.created" if created else "campaign.edited", actor=self.user, municipality=self.town,
              target=campaign)
        return campaign
