"""WhatsApp's 24-hour customer-service window: free-form messages only within 24 hours of the citizen's last one.

Outside it only an approved template may go (Meta refuses anything else with error 131047). We keep the rule
here and check it before anything is queued, so an operator learns at once why a reply cannot go and what can.
The data it reads, "when did this citizen last write to this account", is the channel-neutral
`conversations.ServiceWindow` row the store keeps for every channel.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.connectors.base import MessageKind, SendCheck
from sportello.conversations import windows

SERVICE_WINDOW = timedelta(hours=24)

# Everything except a template needs the window open.
FREE_FORM_KINDS = frozenset({
    MessageKind.TEXT, MessageKind.IMAGE, MessageKind.AUDIO, MessageKind.VIDEO, MessageKind.DOCUMENT,
    MessageKind.STICKER, MessageKind.INTERACTIVE, MessageKind.LOCATION, MessageKind.CONTACTS, MessageKind.REACTION,
})


def closes_at(account_id: int, citizen_id: int) -> datetime | None:
    """When free-form replies stop being accepted; None if the citizen never wrote to this account."""
    last = windows.last_inbound_at(account_id, citizen_id)
    return last + SERVICE_WINDOW if last is not None else None


def check(account_id: int, citizen_id: int, kind: str, now: datetime | None = None) -> SendCheck:
    if kind not in FREE_FORM_KINDS:
        return SendCheck.ok()
    closes = closes_at(account_id, citizen_id)
    if closes is not None and (now or timezone.now()) < closes:
        return SendCheck.ok(closes_at=closes)
    return SendCheck(
        False,
        code="window_closed",
        reason=_(
            "La finestra di 24 ore per rispondere liberamente è chiusa: si può scrivere al cittadino solo "
            "con un modello approvato."
        ),
        instead=(MessageKind.TEMPLATE,),
        closes_at=closes,
    )
