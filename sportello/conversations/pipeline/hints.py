"""What the batched store already knows, for the later steps to skip a query (pipeline/batch.py sets them).

A step asks; an object that carries no hint (stored one at a time, or loaded from the database) answers "unknown"
and the step reads the database as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

_UNKNOWN = object()


def mark_new_conversation(conversation: Any) -> None:
    conversation._pipeline_new = True


def is_new_conversation(conversation: Any) -> bool:
    """Created for this message: no earlier message, no case, no suggestion can belong to it."""
    return bool(getattr(conversation, "_pipeline_new", False))


def mark_new_message(message: Any, waiting_before: datetime | None) -> None:
    message._pipeline_new = True
    message._pipeline_waiting_before = waiting_before


def is_new_message(message: Any) -> bool:
    """Inserted by this batch just now: nothing refers to it yet (no screening, no review)."""
    return bool(getattr(message, "_pipeline_new", False))


def waiting_before(message: Any) -> Any:
    """The conversation's waiting time before this message arrived, or `UNKNOWN`."""
    return getattr(message, "_pipeline_waiting_before", _UNKNOWN)


UNKNOWN = _UNKNOWN
