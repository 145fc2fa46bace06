"""The composer's forms: the campaign itself (audience, message, timing) and the template it falls back on."""

from __future__ import annotations

import mimetypes
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from sportello.broadcasts.models import Campaign, MailingList
from sportello.connectors import templates as channel_templates
from sportello.conversations.channel import label as channel_label
from sportello.municipalities.models import ChannelAccount, Municipality

IMAGE_TYPES = {"image/jpeg", "image/png"}
DOCUMENT_TYPES = {"application/pdf"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # WhatsApp's limit on an image
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

NOW, AT, REPEAT = "now", "at", "repeat"
TIMING = [
    (NOW, _("As soon as it is approved")),
    (AT, _("At a date and time")),
    (REPEAT, _("Every week, on the days below")),
]
# Fields of the campaign a template parameter may name; the sender replaces them (services.template_parameters).
PLACEHOLDERS = ["{titolo}", "{testo}", "{link}", "{comune}", "{data}"]


def channel_choices(town: Municipality) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for account in ChannelAccount.objects.filter(municipality=town, active=True).order_by("pk"):
        seen.setdefault(account.channel, channel_label(account))
    return list(seen.items())


class CampaignForm(forms.ModelForm):
    lists = forms.ModelMultipleChoiceField(
        queryset=MailingList.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Lists"),
        help_text=_("A citizen on several of them receives one message."),
        error_messages={"required": _("Choose at least one list.")},
    )
    channels = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, required=False, label=_("Only these channels"),
        help_text=_("None ticked: every channel the subscribers joined through."),
    )
    timing = forms.ChoiceField(choices=TIMING, widget=forms.RadioSelect, initial=NOW, label=_("When"))
    send_at = forms.DateTimeField(
        required=False, label=_("Date and time"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=sorted(WEEKDAYS.items()), coerce=int, widget=forms.CheckboxSelectMultiple, required=False,
        label=_("Days of the week"),
    )
    repeat_time = forms.TimeField(
        required=False, label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    media = forms.FileField(
        required=False, label=_("Image or document"),
        help_text=_("A JPEG or PNG image (up to 5 MB) or a PDF document (up to 16 MB)."),
    )
    remove_media = forms.BooleanField(required=False, label=_("Remove the attachment"))

    class Meta:
        model = Campaign
        fields = ["title", "category", "lists", "channels", "text", "link", "source"]
        labels = {
            "title": _("Title"), "category": _("Category"), "text": _("Text"), "link": _("Link"),
            "source": _("Content of each occurrence"),
        }
        help_texts = {
            "title": _("Shown to staff; Telegram and e-mail also show it to the citizen."),
            "link": _("Sent after the text, e.g. the page on the municipality's website."),
            "source": _("Only for weekly campaigns: the text above, the news queued since the last one, or the day's bulletin."),
        }
        widgets = {"category": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 5, "maxlength": 4096})}

    def __init__(self, *args: Any, town: Municipality, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.town = town
        self.fields["lists"].queryset = MailingList.objects.filter(municipality=town, active=True).order_by("name")
        self.fields["channels"].choices = channel_choices(town)
        self.fields["category"].choices = Campaign.Category.choices
        for name in ("title", "text", "link", "send_at", "repeat_time", "media"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["source"].widget.attrs.setdefault("class", "form-select")
        campaign = self.instance
        if campaign.pk:
            self.initial["channels"] = campaign.channels
            if campaign.recurrence:
                self.initial.update(timing=REPEAT, weekdays=campaign.recurrence.get("weekdays", []),
                                    repeat_time=campaign.recurrence.get("time", ""))
            elif campaign.send_at:
                self.initial.update(timing=AT, send_at=timezone.localtime(campaign.send_at))

    def clean_media(self) -> Any:
        upload = self.cleaned_data.get("media")
        if not upload:
            return None
        mime = (getattr(upload, "content_type", "") or mimetypes.guess_type(upload.name)[0] or "").lower()
        if mime in IMAGE_TYPES:
            if upload.size > MAX_IMAGE_BYTES:
                raise forms.ValidationError(_("The image is larger than 5 MB."))
            self.media_kind = "image"
        elif mime in DOCUMENT_TYPES:
            if upload.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(_("The document is larger than 16 MB."))
            self.media_kind = "document"
        else:
            raise forms.ValidationError(_("Attach a JPEG or PNG image or a PDF document."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        timing = data.get("timing")
        if timing == AT:
            when = data.get("send_at")
            if when is None:
                self.add_error("send_at", _("Give the date and time of sending."))
            elif when <= timezone.now():
                self.add_error("send_at", _("The date and time must be in the future."))
        if timing == REPEAT:
            if not data.get("weekdays"):
                self.add_error("weekdays", _("Tick at least one day."))
            if data.get("repeat_time") is None:
                self.add_error("repeat_time", _("Give the time of sending."))
        elif data.get("source") and data["source"] != "text":
            self.add_error("source", _("The news queue and the bulletin are for weekly campaigns only."))
        has_media = bool(data.get("media")) or (bool(self.instance.media) and not data.get("remove_media"))
        if data.get("source", "text") == "text" and not (data.get("text", "").strip() or has_media):
            self.add_error("text", _("Write the message or attach an image or a document."))
        return data

    def save(self, commit: bool = True) -> Campaign:
        campaign = super().save(commit=False)
        data = self.cleaned_data
        campaign.municipality = self.town
        campaign.channels = list(data.get("channels") or [])
        timing = data.get("timing")
        campaign.send_at = data.get("send_at") if timing == AT else None
        campaign.recurrence = (
            {"weekdays": sorted(data["weekdays"]), "time": data["repeat_time"].strftime("%H:%M")} if timing == REPEAT else {}
        )
        if timing != REPEAT:
            campaign.source = "text"
        if data.get("media"):
            campaign.media = data["media"]
            campaign.media_kind = self.media_kind
        elif data.get("remove_media"):
            campaign.media, campaign.media_kind = None, ""
        if commit:
            campaign.save()
            self.save_m2m()
        return campaign


class TemplatePickForm(forms.Form):
    """Which approved template goes to those the free form cannot reach (WhatsApp's closed window)."""

    template = forms.TypedChoiceField(coerce=int, label=_("Approved template"), empty_value=None)

    def __init__(self, *args: Any, town: Municipality, **kwargs: Any):
        super().__init__(*args, prefix="pick", **kwargs)
        self.choices = {c.id: c for c in channel_templates.approved_templates(town, channel="whatsapp")}
        self.fields["template"].choices = [("", _("Choose a template"))] + [
            (c.id, f"{c.name} ({c.language}) · {c.category_label}") for c in self.choices.values()
        ]
        self.fields["template"].widget.attrs["class"] = "form-select"
        self.fields["template"].error_messages["required"] = _("Choose the template for citizens whose window is closed.")
