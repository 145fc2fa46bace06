"""The web form connector: submissions in (stored by the form's view), replies out by e-mail."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.citizens.models import Citizen, Identity
from sportello.connectors.base import (
    CampaignItem,
    CampaignOutcome,
    MediaBlob,
    MessageKind,
    ParsedBatch,
    SendCheck,
    SendResult,
    TransportError,
)
from sportello.connectors.webform import mail, parser
from sportello.connectors.webform.models import Upload, WebForm
from sportello.conversations.models import Message
from sportello.municipalities.models import ChannelAccount

# What an e-mail can carry: text, and files as attachments.
DELIVERABLE = {MessageKind.TEXT, MessageKind.IMAGE, MessageKind.AUDIO, MessageKind.VIDEO, MessageKind.DOCUMENT}


def _email_of(citizen: Citizen) -> str:
    identity = (
        citizen.identities.filter(kind=Identity.Kind.EMAIL, active=True).order_by("-pk").first()
    )
    return identity.value if identity is not None else ""


class WebformConnector:
    channel = "webform"
    label = gettext_lazy("Modulo web")
    icon = "it-file"
    default_rate: float | None = None

    def configure_from_env(self) -> ChannelAccount | None:
        from sportello.connectors.webform.setup import configure_from_env

        return configure_from_env()

    def parse(self, body: bytes) -> ParsedBatch:
        return parser.parse_body(body)

    def account_for(self, account_ref: str) -> ChannelAccount | None:
        if not account_ref.isdigit():
            return None
        webform = WebForm.objects.select_related("account__municipality").filter(
            pk=int(account_ref), account__active=True
        ).first()
        return webform.account if webform is not None else None

    def check_send(self, account: ChannelAccount, citizen: Citizen, kind: str) -> SendCheck:
        if kind not in DELIVERABLE:
            return SendCheck(False, "not_deliverable",
                             _("Le risposte al modulo web arrivano per e-mail: si può inviare testo o un file."),
                             instead=(MessageKind.TEXT,))
        if not _email_of(citizen):
            return SendCheck(False, "no_recipient", _("Il cittadino non ha un indirizzo e-mail a cui rispondere."))
        return SendCheck.ok()

    def send(self, account: ChannelAccount, message: Message) -> SendResult:
        webform = WebForm.objects.select_related("account__municipality").get(account=account)
        recipient = _email_of(message.conversation.citizen)
        if not recipient:
            raise TransportError("citizen has no e-mail identity", permanent=True,
                                 title=_("nessun indirizzo e-mail a cui rispondere"))
        if message.kind not in DELIVERABLE:
            raise TransportError(f"{message.kind} cannot go by e-mail", permanent=True,
                                 title=_("tipo di messaggio non inviabile per e-mail"))
        from sportello.connectors.webform.tracking import submission_answered_by

        mailbox = mail.mailbox_for(webform)
        email = mail.build(webform, message, recipient, submission_answered_by(message), mailbox)
        return SendResult(external_id=mail.deliver(mailbox, email), status="sent")

    def send_many(
        self, account: ChannelAccount, items: Sequence[CampaignItem], *, rate: float | None = None
    ) -> list[CampaignOutcome]:
        # People who wrote through the form asked one question; they never joined a list on this channel.
        reason = _("Chi scrive dal modulo web non è iscritto alle liste: nessun invio su questo canale.")
        return [CampaignOutcome(item.delivery_id, "failed", error_title=reason) for item in items]

    def mark_read(self, account: ChannelAccount, message: Message) -> None:
        return None  # e-mail has no read receipts we may ask for

    def fetch_media(self, account: ChannelAccount, media_id: str, kind: str = "document") -> MediaBlob:
        upload = Upload.objects.filter(media_id=media_id, submission__webform__account=account).first()
        if upload is None:
            raise TransportError("no such upload", permanent=True, title=_("allegato non trovato"))
        return MediaBlob(content=bytes(upload.content), mime_type=upload.mime_type, sha256=upload.sha256)
