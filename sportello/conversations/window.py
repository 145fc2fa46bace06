"""The 24-hour customer-service window, tracked by us so a free-form send outside it is refused up front."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from sportello.conversations.models import SERVICE_WINDOW, Conversation, ServiceWindow


def window_closes_at(conversation: Conversation) -> datetime | None:
    window = ServiceWindow.objects.filter(account_id=conversation.account_id, citizen_id=conversation.citizen_id).first()
    return window.last_inbound_at + SERVICE_WINDOW if window else None


def is_window_open(conversation: Conversation, now: datetime | None = None) -> bool:
    closes = window_closes_at(conversation)
    return closes is not None and (now or timezone.now()) < closes
