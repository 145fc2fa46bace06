"""Channels as staff see them: the label each connector gives itself, an icon, and the inbox's channel filter."""

from __future__ import annotations

from typing import Any

from sportello.connectors.registry import get_connector
from sportello.municipalities.models import ChannelAccount

# Bootstrap Italia sprite names; a connector may name its own with an `icon` attribute.
ICONS = {
    "telegram": "it-telegram", "email": "it-mail", "webform": "it-file",
    "phone": "it-telephone", "desk": "it-pa",
}
ORDER = [value for value, _label in ChannelAccount.Channel.choices]


def _connector(kind: str) -> Any:
    try:
        return get_connector(kind)
    except (LookupError, ImportError):  # a channel whose package is not installed here: its account still shows
        return None


def channel_label(kind: str) -> str:
    connector = _connector(kind)
    if connector is not None and getattr(connector, "label", ""):
        return str(connector.label)
    if kind in ChannelAccount.Channel.values:
        return str(ChannelAccount.Channel(kind).label)
    return kind


def channel_icon(kind: str) -> str:
    connector = _connector(kind)
    return getattr(connector, "icon", "") or ICONS.get(kind, "it-comment")


def channel_choices(municipalities: Any) -> list[tuple[str, str]]:
    """(kind, label) of every channel these municipalities have an account for, in a stable order."""
    kinds = set(
        ChannelAccount.objects.filter(municipality__in=municipalities, active=True)
        .values_list("channel", flat=True).distinct()
    )
    ordered = sorted(kinds, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))
    return [(kind, channel_label(kind)) for kind in ordered]
