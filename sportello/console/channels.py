"""The inbox's channel filter; labels and icons are the connectors' own (conversations/channel.py)."""

from __future__ import annotations

from typing import Any

from sportello.conversations.channel import kind_label
from sportello.municipalities.models import ChannelAccount

ORDER = [value for value, _label in ChannelAccount.Channel.choices]


def channel_choices(municipalities: Any) -> list[tuple[str, str]]:
    """(kind, label) of every channel these municipalities have an account for, in a stable order."""
    kinds = set(
        ChannelAccount.objects.filter(municipality__in=municipalities, active=True)
        .values_list("channel", flat=True).distinct()
    )
    ordered = sorted(kinds, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))
    return [(kind, kind_label(kind)) for kind in ordered]
