"""The WhatsApp Cloud API connector: everything the neutral layers ask of WhatsApp goes through here.

Parse webhooks, find our number, apply the 24-hour window (window.py), offer the approved templates, send,
mark read, fetch media. Campaign batches (`send_many`) live in campaigns.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from sportello.citizens.models import Identity
from sportello.connectors.base import MediaBlob, ParsedBatch, SendCheck, SendResult, TemplateOption, TransportError
from sportello.connectors.whatsapp import accounts, parser, window
from sportello.connectors.whatsapp.client import GraphClient
from sportello.connectors.whatsapp.errors import WINDOW_CLOSED
from sportello.connectors.whatsapp.models import MessageTemplate
from sportello.connectors.whatsapp.outbound import MEDIA_KINDS, build_body, recipient_fields
from sportello.municipalities.models import ChannelAccount

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from django.db.models import QuerySet

    from sportello.citizens.models import Citizen
    from sportello.connectors.base import CampaignCapacity, CampaignItem, CampaignOutcome
    from sportello.connectors.base import OtherUpdate
    from sportello.connectors.templates import TemplateChoice
    from sportello.municipalities.models import Municipality
    from sportello.conversations.models import Message


def client_for(account: ChannelAccount) -> GraphClient:
    number = account.whatsapp
    return GraphClient(number.graph_base_url, number.access_token, number.phone_number_id)


class WhatsAppConnector:
    channel = "whatsapp"
    label = "WhatsApp"
    icon = "it-whatsapp"  # Bootstrap Italia sprite, shown beside the label in the console
    choice_taps = True  # choice questions show as something to tap (see base.offers_choice_taps)
    default_rate: float | None = 80.0

    def configure_from_env(self) -> ChannelAccount | None:
        from sportello.connectors.whatsapp.setup import configure_from_env

        return configure_from_env()

    def parse(self, body: bytes) -> ParsedBatch:
        return parser.parse_body(body)

    def account_for(self, account_ref: str) -> ChannelAccount | None:
        """account_ref is the phone_number_id of the webhook's metadata."""
        number = accounts.number_for(account_ref)
        return number.account if number is not None else None

    def check_send(self, account: ChannelAccount, citizen: "Citizen", kind: str) -> SendCheck:
        return window.check(account.pk, citizen.pk, kind)

    def templates(self, account: ChannelAccount) -> list[TemplateOption]:
        approved = MessageTemplate.objects.filter(account=account, status=MessageTemplate.Status.APPROVED)
        return [
            TemplateOption(
                key=str(t.pk), name=t.name, language=t.language, body=t.body, category=str(t.get_category_display()),
            )
            for t in approved
        ]

    # -- the template registry behind connectors/templates.py (KeepsTemplates) ---------------------------------
    def template_choices(self, municipality: "Municipality") -> "list[TemplateChoice]":
        from sportello.connectors.whatsapp import template_choices

        return template_choices.approved_choices(municipality)

    def template_choice(self, template_id: int) -> "TemplateChoice | None":
        from sportello.connectors.whatsapp import template_choices

        return template_choices.choice(template_id)

    def sync_templates_due(self) -> int:
        from sportello.connectors.whatsapp import template_sync

        return template_sync.sync_due()

    def sync_templates(self, account: ChannelAccount, actor: object = None) -> "tuple[bool, str]":
        from sportello.connectors.whatsapp import template_sync

        result = template_sync.sync_account(account, actor=actor)
        return result.ok, result.error

    def apply_update(self, update: "OtherUpdate") -> bool:
        """Template reviews and changes from Meta update the registry (template_webhook.py)."""
        from sportello.connectors.whatsapp import template_webhook

        return template_webhook.apply(update)

    def propose_template(self, account: ChannelAccount, option: TemplateOption) -> None:
        """Record a template a preset needs, pending Meta's review; an existing row (maybe approved) is kept."""
        MessageTemplate.objects.get_or_create(
            account=account, name=option.name, language=option.language,
            defaults={"body": option.body, "category": MessageTemplate.Category.UTILITY},
        )

    def send(self, account: ChannelAccount, message: "Message") -> SendResult:
        client = client_for(account)
        citizen = message.conversation.citizen
        identities = {i.kind: i.value for i in citizen.identities.all() if i.active}
        phone = identities.get(Identity.Kind.PHONE, "")
        bsuid = identities.get(Identity.Kind.BSUID, "")
        if not phone and not bsuid:
            raise TransportError("citizen has no WhatsApp identity", permanent=True, title="no recipient")
        media_id, filename = "", ""
        if message.kind in MEDIA_KINDS:
            attachment = message.attachments.first()
            if attachment is not None:
                if not attachment.media_id:
                    with attachment.file.open("rb") as handle:
                        content = handle.read()
                    attachment.media_id = client.upload_media(content, attachment.mime_type, attachment.filename)
                    attachment.save(update_fields=["media_id"])
                media_id, filename = attachment.media_id, attachment.filename
        reply_to_id = message.reply_to.external_id if message.reply_to_id else ""
        body = build_body(
            message.kind,
            message.text,
            message.payload,
            recipient_fields(phone, bsuid),
            media_id=media_id,
            filename=filename,
            reply_to_id=reply_to_id,
            callback_data=message.callback_data,
        )
        response = client.send(body)
        try:
            return SendResult(external_id=str(response["messages"][0]["id"]))
        except (KeyError, IndexError, TypeError) as exc:
            raise TransportError("send accepted without a message id", permanent=False) from exc

    def mark_read(self, account: ChannelAccount, message: "Message") -> None:
        """WhatsApp marks everything up to this message read (blue ticks on the citizen's phone)."""
        if not message.external_id:
            return
        client_for(account).send({"messaging_product": "whatsapp", "status": "read", "message_id": message.external_id})

    # -- campaigns: the Graph side of the campaign sender lives in campaigns.py ------------------------------
    template_required_codes = frozenset({WINDOW_CLOSED})  # the free form was refused: the window is closed

    def rate_for(self, account: ChannelAccount) -> float:
        return float(account.whatsapp.throughput_per_second or self.default_rate or 80)

    def send_many(
        self, account: ChannelAccount, items: "Sequence[CampaignItem]", *, rate: float | None = None
    ) -> "list[CampaignOutcome]":
        from sportello.connectors.whatsapp import campaigns

        return campaigns.sender().send_many(account, items, rate)

    def campaign_capacity(
        self, account: ChannelAccount, citizens: "QuerySet[Citizen]", now: "datetime"
    ) -> "CampaignCapacity":
        from sportello.connectors.whatsapp import campaigns

        return campaigns.capacity(account, citizens, now)

    def fetch_media(self, account: ChannelAccount, media_id: str, kind: str = "document") -> MediaBlob:
        limit = settings.SPORTELLO_MEDIA_LIMITS.get(kind, settings.SPORTELLO_MEDIA_LIMITS["document"])
        return client_for(account).fetch_media(media_id, limit)
