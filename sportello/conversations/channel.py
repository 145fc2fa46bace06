"""What a conversation's channel allows and how staff call it: always asked of its connector, never decided here.

The console, the API and the outbound services use these so that no channel's rule (WhatsApp's 24-hour window,
templates) is written twice or outside the channel's own package.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sportello.connectors.base import Connector, MessageKind, SendCheck, TemplateOption, templates_of
from sportello.connectors.registry import get_connector
from sportello.conversations.models import Conversation
from sportello.municipalities.models import ChannelAccount


def connector_for(account: ChannelAccount) -> Connector | None:
    """The account's connector, or None for channels nobody sends on (e.g. calls recorded by an operator)."""
    try:
        return get_connector(account.channel)
    except LookupError:
        return None


def label(account: ChannelAccount) -> str:
    """The channel's name as staff and citizens read it ("WhatsApp", "Telegram", "E-mail"…)."""
    connector = connector_for(account)
    return str(connector.label) if connector is not None else account.get_channel_display()


def send_check(conversation: Conversation, kind: str = MessageKind.TEXT) -> SendCheck:
    """May a message of `kind` go to the conversation's citizen now, and if not, why and what instead."""
    connector = connector_for(conversation.account)
    if connector is None:
        return SendCheck(False, code="not_deliverable", reason=_("Da questo canale non si può scrivere al cittadino."))
    return connector.check_send(conversation.account, conversation.citizen, kind)


def template_options(conversation: Conversation) -> list[TemplateOption]:
    connector = connector_for(conversation.account)
    return templates_of(connector, conversation.account) if connector is not None else []
