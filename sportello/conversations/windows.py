"""When a citizen last wrote to an account (the `ServiceWindow` row), with what a batch has just stored remembered.

Channels whose replies depend on it (WhatsApp's 24-hour window) ask `last_inbound_at`. Inside `remembering()`
(the batched pipeline wraps a run of messages in it) the bulk store records the value it has just written for each
(account, citizen), so the automatic replies of the run do not read back, one query each, what it wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sportello.conversations.models import ServiceWindow

_local = threading.local()


@contextmanager
def remembering() -> Iterator[None]:
    if getattr(_local, "known", None) is not None:
        yield
        return
    _local.known = {}
    try:
        yield
    finally:
        _local.known = None


def remember(account_id: int, citizen_id: int, last_inbound_at: datetime) -> None:
    known: dict[tuple[int, int], datetime] | None = getattr(_local, "known", None)
    if known is not None:
        known[(account_id, citizen_id)] = last_inbound_at


def last_inbound_at(account_id: int, citizen_id: int) -> datetime | None:
    known: dict[tuple[int, int], datetime] | None = getattr(_local, "known", None)
    if known is not None and (account_id, citizen_id) in known:
        return known[(account_id, citizen_id)]
    return (
        ServiceWindow.objects.filter(account_id=account_id, citizen_id=citizen_id)
        .values_list("last_inbound_at", flat=True).first()
    )
