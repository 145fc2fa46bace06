"""The connector of recorded contacts: phone calls ("phone") and visits to the office ("desk").

Both channels are one class with two names in the registry. They have no transport: nothing arrives to parse,
nothing can be sent, nothing can be marked read. The answer the operator gave is recorded by
`desk.services.record_contact`, never queued for the outbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.connectors.base import (
    CampaignItem, CampaignOutcome, MediaBlob, ParsedBatch, SendCheck, SendResult, TransportError, UnparseableBody,
)

if TYPE_CHECKING:
    from sportello.citizens.models import Citizen
    from sportello.conversations.models import Message
    from sportello.municipalities.models import ChannelAccount

NOT_DELIVERABLE = "not_deliverable"


class RecordedContactConnector:
    channel = ""
    label = ""
    default_rate: float | None = None
    refusal = ""

    def _refusal(self) -> str:
        return str(self.refusal)

    def configure_from_env(self) -> ChannelAccount | None:
        return None  # accounts are created per municipality on first use (desk.accounts.account_for_channel)

    def parse(self, body: bytes) -> ParsedBatch:
        raise UnparseableBody(f"the {self.channel} channel receives nothing over the wire")

    def account_for(self, account_ref: str) -> ChannelAccount | None:
        from sportello.municipalities.models import ChannelAccount

        if not account_ref.isdigit():
            return None
        return ChannelAccount.objects.filter(pk=int(account_ref), channel=self.channel).first()

    def check_send(self, account: ChannelAccount, citizen: Citizen, kind: str) -> SendCheck:
        return SendCheck(False, code=NOT_DELIVERABLE, reason=self._refusal())

    def send(self, account: ChannelAccount, message: Message) -> SendResult:
        raise TransportError(self._refusal(), permanent=True, title=self._refusal())

    def send_many(
        self, account: ChannelAccount, items: Sequence[CampaignItem], *, rate: float | None = None
    ) -> list[CampaignOutcome]:
        reason = self._refusal()
        return [CampaignOutcome(item.delivery_id, "failed", error_title=reason) for item in items]

    def mark_read(self, account: ChannelAccount, message: Message) -> None:
        return None  # an operator took the call: there is no app to show blue ticks in

    def fetch_media(self, account: ChannelAccount, media_id: str, kind: str = "document") -> MediaBlob:
        raise TransportError(_("I documenti di un contatto registrato sono caricati dall'operatore."), permanent=True)


class PhoneConnector(RecordedContactConnector):
    channel = "phone"
    label = gettext_lazy("Telefono")  # type: ignore[assignment]
    icon = "it-telephone"
    refusal = gettext_lazy(
        "A una telefonata non si può inviare nulla: la risposta data al cittadino si registra con "
        "«Registra telefonata / visita»."
    )


class DeskVisitConnector(RecordedContactConnector):
    channel = "desk"
    label = gettext_lazy("Sportello fisico")  # type: ignore[assignment]
    icon = "it-pa"
    refusal = gettext_lazy(
        "A una visita allo sportello non si può inviare nulla: la risposta data al cittadino si registra con "
        "«Registra telefonata / visita»."
    )
