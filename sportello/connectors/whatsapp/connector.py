"""The WhatsApp Cloud API connector: parse webhooks, send messages, fetch media."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sportello.citizens.models import Identity
from sportello.municipalities.models import ChannelAccount
from sportello.connectors.base import MediaBlob, ParsedBatch, SendResult, TransportError
from sportello.connectors.whatsapp import parser
from sportello.connectors.whatsapp.client import GraphClient
from sportello.connectors.whatsapp.outbound import MEDIA_KINDS, build_body, recipient_fields


def client_for(account: Any) -> GraphClient:
    number = account.whatsapp
    return GraphClient(number.graph_base_url, number.access_token, number.phone_number_id)


class WhatsAppConnector:
    channel = "whatsapp"
    label = "WhatsApp"
    default_rate: float | None = 80.0

    def configure_from_env(self) -> ChannelAccount | None:
        from sportello.connectors.whatsapp.setup import configure_from_env

        return configure_from_env()

    def parse(self, body: bytes) -> ParsedBatch:
        return parser.parse_body(body)

    def send(self, account: Any, message: Any) -> SendResult:
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

    def mark_read(self, account: Any, external_id: str) -> None:
        client_for(account).send({"messaging_product": "whatsapp", "status": "read", "message_id": external_id})

    def fetch_media(self, account: Any, media_id: str, kind: str = "document") -> MediaBlob:
        limit = settings.SPORTELLO_MEDIA_LIMITS.get(kind, settings.SPORTELLO_MEDIA_LIMITS["document"])
        return client_for(account).fetch_media(media_id, limit)
