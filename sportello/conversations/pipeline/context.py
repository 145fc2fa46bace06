from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sportello.connectors.base import InboundMessage


@dataclass
class InboundContext:
    inbound: InboundMessage
    account: Any  # municipalities.ChannelAccount
    municipality: Any
    event_id: int | None = None  # the InboundEvent that carried the message
    citizen: Any = None
    conversation: Any = None
    message: Any = None
    duplicate: bool = False
    stop: bool = False
    # Later steps record decisions here (command handled, auto-reply sent, hidden by moderation…).
    notes: dict[str, Any] = field(default_factory=dict)
    # The batched run this message belongs to (pipeline/run.py), None when it goes through the pipeline alone.
    run: Any = None
