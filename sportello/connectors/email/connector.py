"""The e-mail connector: stored messages in, SMTP out, attachments read back from the stored message."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.connectors.base import (
    CampaignItem,
    CampaignOutcome,
    MediaBlob,
    MessageKind,
    ParsedBatch,
    SendCheck,
    SendResult,
    TemplateOption,
    TransportError,
)
from sportello.connectors.email import compose, parser
from sportello.connectors.email.smtp import Session, send_email

if TYPE_CHECKING:
    from sportello.citizens.models import Citizen
    from sportello.conversations.models import Message
    from sportello.municipalities.models import ChannelAccount

# What an e-mail can carry: text, attachments, and buttons or a place written out as text (compose.body_text).
SENDABLE = {MessageKind.TEXT, MessageKind.INTERACTIVE, MessageKind.LOCATION, *MessageKind.MEDIA}


class EmailConnector:
    channel = "email"
    label = gettext_lazy("E-mail")
    icon = "it-mail"
    default_rate: float | None = 5.0  # a mailbox's own server limits; each mailbox sets its rate

    def configure_from_env(self) -> "ChannelAccount | None":
        from sportello.connectors.email.setup import configure_from_env

        return configure_from_env()

    def parse(self, body: bytes) -> ParsedBatch:
        return parser.parse_body(body)

    def account_for(self, account_ref: str) -> "ChannelAccount | None":
        from sportello.connectors.email.models import Mailbox

        if not account_ref.isdigit():
            return None
        mailbox = Mailbox.objects.select_related("account__municipality").filter(
            pk=int(account_ref), account__active=True
        ).first()
        return mailbox.account if mailbox is not None else None

    def check_send(self, account: "ChannelAccount", citizen: "Citizen", kind: str) -> SendCheck:
        if kind not in SENDABLE:
            return SendCheck(False, code="not_deliverable", reason=_("Per e-mail si possono inviare testo e allegati."))
        if not compose.citizen_address(citizen):
            return SendCheck(
                False, code="no_recipient", reason=_("Il cittadino non ha un indirizzo e-mail a cui rispondere.")
            )
        return SendCheck.ok()

    def send(self, account: "ChannelAccount", message: "Message") -> SendResult:
        mailbox = account.mailbox
        address = compose.citizen_address(message.conversation.citizen)
        if not address:
            raise TransportError("citizen has no e-mail identity", permanent=True, title=_("nessun indirizzo e-mail"))
        email = compose.build_reply(mailbox, message, address)
        send_email(mailbox, email)
        return SendResult(external_id=str(email["Message-ID"]).strip().strip("<>"), status="sent")

    def rate_for(self, account: "ChannelAccount") -> float | None:
        return account.mailbox.rate_per_second or self.default_rate

    def send_many(
        self, account: "ChannelAccount", items: Sequence[CampaignItem], *, rate: float | None = None
    ) -> list[CampaignOutcome]:
        """One SMTP session for the batch, each copy no earlier than its slot (and `rate` per second)."""
        mailbox = account.mailbox
        rate = rate or self.rate_for(account)
        outcomes: list[CampaignOutcome] = []
        pending = list(items)
        last = 0.0
        while pending:
            try:
                with Session(mailbox) as session:
                    while pending:
                        item = pending.pop(0)
                        outcome, last = self._send_copy(session, mailbox, item, rate, last)
                        outcomes.append(outcome)
                        if not session.usable:
                            break  # the server dropped the connection: a new one for the rest
            except TransportError as exc:  # the server could not be reached: nothing of the rest was sent
                outcomes += [
                    CampaignOutcome(item.delivery_id, "failed" if exc.permanent else "retry", error_code=exc.code,
                                    error_title=exc.title or exc.message, mode="free")
                    for item in pending
                ]
                pending = []
        return outcomes

    def _send_copy(
        self, session: Session, mailbox: Any, item: CampaignItem, rate: float | None, last: float
    ) -> tuple[CampaignOutcome, float]:
        address = compose.citizen_address(item.citizen)
        if not address:
            return CampaignOutcome(item.delivery_id, "failed", error_title=_("nessun indirizzo e-mail"), mode="free"), last
        wait = max(item.due - time.time(), (last + 1 / rate - time.monotonic()) if rate else 0.0)
        if wait > 0:
            time.sleep(wait)
        last = time.monotonic()
        token = item.callback_data or f"bc{item.delivery_id}-{item.attempt}"
        email = compose.build_campaign_copy(mailbox, item.citizen, address, item.content, token)
        try:
            session.send(email)
        except TransportError as exc:
            state = "failed" if exc.permanent else "retry"
            return CampaignOutcome(
                item.delivery_id, state, error_code=exc.code, error_title=exc.title or exc.message, mode="free"
            ), last
        return CampaignOutcome(
            item.delivery_id, "accepted", external_id=str(email["Message-ID"]).strip("<>"), mode="free"
        ), last

    def templates(self, account: "ChannelAccount") -> list[TemplateOption]:
        return []  # e-mail may always be written freely: nothing to offer instead

    def mark_read(self, account: "ChannelAccount", message: "Message") -> None:
        return None  # e-mail has no read receipts we would send; the poller already marked it \Seen on our side

    def fetch_media(self, account: "ChannelAccount", media_id: str, kind: str = "document") -> MediaBlob:
        """An attachment is read back from the stored message (media id: the message's blind key and part index)."""
        from sportello.conversations.models import InboundEvent, Message

        key, sep, index = media_id.rpartition(":")
        message = (
            Message.objects.filter(municipality_id=account.municipality_id, external_key=key)
            .only("inbound_event_id").first()
            if sep else None
        )
        if message is None or message.inbound_event_id is None:
            raise TransportError("no stored e-mail for this attachment", permanent=True, title=_("allegato non trovato"))
        event = InboundEvent.objects.filter(pk=message.inbound_event_id).only("body").first()
        if event is None:
            raise TransportError("the stored e-mail is gone", permanent=True, title=_("allegato non trovato"))
        _meta, raw = parser.unpack(bytes(event.body))
        part = parser.find_part(raw, index)
        if part is None:
            raise TransportError("no such part in the stored e-mail", permanent=True, title=_("allegato non trovato"))
        return MediaBlob(content=parser.part_bytes(part), mime_type=part.get_content_type())
