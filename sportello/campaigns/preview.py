"""What each channel's citizens will read, built as the connectors build it: WhatsApp's free form and its
template, Telegram's message (through its own `campaign_call`), the e-mail's subject and body."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign
from sportello.connectors import templates as channel_templates
from sportello.conversations.channel import kind_label
from sportello.municipalities.models import ChannelAccount


@dataclass
class ChannelPreview:
    channel: str
    heading: str  # "WhatsApp · window open", "Telegram"…
    recipients: int
    text: str
    subject: str = ""
    media_kind: str = ""  # "image" or "document" when the copy carries the campaign's attachment
    footer: str = ""
    buttons: list[str] = field(default_factory=list)
    missing: str = ""  # why this copy cannot be shown yet (no template chosen)


def _content(campaign: Campaign) -> dict[str, Any]:
    """The channel-neutral content, as the sender's CampaignCache hands it to connectors (media without bytes)."""
    media = None
    if campaign.media:
        name = os.path.basename(campaign.media.name)
        media = (name, b"", mimetypes.guess_type(name)[0] or "application/octet-stream")
    return {"key": f"campaign-{campaign.pk}", "title": campaign.title, "text": campaign.text, "link": campaign.link,
            "media": media, "media_kind": campaign.media_kind if media else ""}


def _whatsapp(campaign: Campaign, free: int, need_template: int) -> list[ChannelPreview]:
    label = kind_label("whatsapp")
    media_kind = campaign.media_kind if campaign.media else ""
    out = [ChannelPreview("whatsapp", _("%(channel)s · who wrote in the last 24 hours") % {"channel": label}, free,
                          services.free_form_text(campaign), media_kind=media_kind)]
    heading = _("%(channel)s · everyone else (approved template)") % {"channel": label}
    if campaign.template_id is None:
        out.append(ChannelPreview("whatsapp", heading, need_template, "", missing=_("No template chosen yet.")))
        return out
    parameters = services.template_parameters(campaign)
    try:
        choice = channel_templates.get_template(campaign.template_id)
        text = channel_templates.render_preview(campaign.template_id, parameters)
        buttons = list(choice.buttons)
        header_media = choice.header_kind if choice.has_media_header else ""
    except LookupError:
        text, buttons, header_media = services.template_preview(campaign), [], ""
    out.append(ChannelPreview("whatsapp", heading, need_template, text, buttons=buttons,
                              media_kind=media_kind if header_media else ""))
    return out


def _telegram(campaign: Campaign, recipients: int) -> ChannelPreview:
    from sportello.connectors.telegram.outbound import NotSendable, campaign_call

    try:
        call = campaign_call(_content(campaign), chat_id="0")
        text = str(call.params.get("text") or call.params.get("caption") or "")
        missing = ""
    except NotSendable:
        text, missing = "", _("Telegram refuses this message: a caption is at most 1,024 characters.")
    return ChannelPreview("telegram", kind_label("telegram"), recipients, text, missing=missing,
                          media_kind=campaign.media_kind if campaign.media else "")


def _email(campaign: Campaign, recipients: int) -> ChannelPreview:
    from sportello.connectors.email.models import Mailbox

    mailbox = Mailbox.objects.filter(account__municipality_id=campaign.municipality_id, account__active=True).first()
    subject = campaign.title or (mailbox.default_subject if mailbox else "")
    text = campaign.text
    if campaign.link:
        text = f"{text}\n\n{campaign.link}".strip()
    return ChannelPreview("email", kind_label("email"), recipients, text, subject=subject,
                          media_kind=campaign.media_kind if campaign.media else "")


def _plain(campaign: Campaign, channel: str, recipients: int) -> ChannelPreview:
    return ChannelPreview(channel, kind_label(channel), recipients, services.free_form_text(campaign),
                          media_kind=campaign.media_kind if campaign.media else "")


def channel_previews(campaign: Campaign, capacity: services.Capacity) -> list[ChannelPreview]:
    """One preview per form a copy takes, with how many citizens get it. Channels the campaign may use but
    nobody is subscribed on yet are shown too, with zero recipients."""
    totals: dict[str, dict[str, int]] = {}
    for row in capacity.channels:
        t = totals.setdefault(row.account.channel, {"recipients": 0, "free": 0, "need_template": 0})
        t["recipients"] += row.capacity.recipients
        t["free"] += row.capacity.free
        t["need_template"] += row.capacity.need_template
    available = ChannelAccount.objects.filter(municipality_id=campaign.municipality_id, active=True)
    for channel in available.values_list("channel", flat=True).distinct():
        if not campaign.channels or channel in campaign.channels:
            totals.setdefault(channel, {"recipients": 0, "free": 0, "need_template": 0})
    out: list[ChannelPreview] = []
    for channel in sorted(totals, key=lambda c: (c != "whatsapp", c)):
        t = totals[channel]
        if channel == "whatsapp":
            out += _whatsapp(campaign, t["free"], t["need_template"])
        elif channel == "telegram":
            out.append(_telegram(campaign, t["recipients"]))
        elif channel == "email":
            out.append(_email(campaign, t["recipients"]))
        else:
            out.append(_plain(campaign, channel, t["recipients"]))
    return out
