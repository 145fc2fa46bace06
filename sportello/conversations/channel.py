"""What a conversation's channel allows and how staff call it: always asked of its connector, never decided here.

The console, the API and the outbound services use these so that no channel's rule (WhatsApp's 24-hour window,
templates) is written twice or outside the channel's own package.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sportello.connectors.base import (
    Connector,
    MessageKind,
    SendCheck,
    TemplateOption,
    offers_choice_taps,
    templates_of,
)
from sportello.connectors.registry import get_connector
from sportello.conversations.models import Conversation
from sportello.municipalities.models import ChannelAccount


def connector_for(account: ChannelAccount) -> Connector | None:
    """The account's connector, or None for channels nobody sends on (e.g. calls recorded by an operator)."""
    return _connector_of_kind(account.channel)


def _connector_of_kind(kind: str) -> Connector | None:
    try:
        return get_connector(kind)
    except (LookupError, ImportError):  # a channel whose package is not installed here: its accounts still show
        return None


def kind_label(kind: str) -> str:
    """A channel's name as staff and citizens read it ("WhatsApp", "Telegram", "E-mail"…), given by its connector."""
    connector = _connector_of_kind(kind)
    if connector is not None and getattr(connector, "label", ""):
        return str(connector.label)
    return str(ChannelAccount.Channel(kind).label) if kind in ChannelAccount.Channel.values else kind


def kind_icon(kind: str) -> str:
    """The Bootstrap Italia sprite a connector names for itself (`icon`), or a neutral speech bubble."""
    return getattr(_connector_of_kind(kind), "icon", "") or "it-comment"


def label(account: ChannelAccount) -> str:
    return kind_label(account.channel)


def account_label(account: ChannelAccount) -> str:
    """The channel and, when it has one, the account's own name ("WhatsApp · URP Centro")."""
    kind = label(account)
    return f"{kind} · {account.label}" if account.label and account.label != kind else kind


def send_check(conversation: Conversation, kind: str = MessageKind.TEXT) -> SendCheck:
    """May a message of `kind` go to the conversation's citizen now, and if not, why and what instead."""
    connector = connector_for(conversation.account)
    if connector is None:
        return SendCheck(False, code="not_deliverable", reason=_("Da questo canale non si può scrivere al cittadino."))
    return connector.check_send(conversation.account, conversation.citizen, kind)


def template_options(conversation: Conversation) -> list[TemplateOption]:
    connector = connector_for(conversation.account)
    return templates_of(connector, conversation.account) if connector is not None else []


def choice_taps(conversation: Conversation) -> bool:
    """Are choice questions something the citizen taps on this conversation's channel (see base.offers_choice_taps)."""
    connector = connector_for(conversation.account)
    return connector is not None and offers_choice_taps(connector)
