"""Blind keys for channel message ids: equal ids give equal keys, and the id itself is not readable."""

from __future__ import annotations

from sportello.core.crypto import blind_index


def message_key(channel: str, external_id: str) -> str:
    return blind_index(f"msg:{channel}", external_id) if external_id else ""
