"""Removing a data subject's identifiers and words from free text, JSON documents and raw bytes that also hold
other people's data (a webhook batch, an audit entry), so the rest stays usable."""

from __future__ import annotations

import json
from typing import Any

REDACTED = "[cancellato]"


def redact_text(text: str, needles: list[str]) -> str:
    for needle in needles:
        if needle and needle in text:
            text = text.replace(needle, REDACTED)
    return text


def redact_json(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, needles)
    if isinstance(value, list):
        return [redact_json(v, needles) for v in value]
    if isinstance(value, dict):
        return {redact_text(str(k), needles): redact_json(v, needles) for k, v in value.items()}
    return value


def _byte_forms(needle: str) -> list[bytes]:
    """How a string can appear in stored bytes: UTF-8, JSON with \\u escapes (ASCII-only bodies)."""
    forms = {needle.encode()}
    escaped = json.dumps(needle, ensure_ascii=True)[1:-1]
    forms.add(escaped.encode())
    forms.add(escaped.replace("/", "\\/").encode())
    return sorted(forms, key=len, reverse=True)


def mentions(body: bytes, needles: list[str]) -> bool:
    return any(form in body for needle in needles for form in _byte_forms(needle))


def redact_bytes(body: bytes, needles: list[str]) -> bytes:
    """A JSON body is rewritten value by value; anything else (MIME) has every form of each needle replaced."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        document = None
    if document is not None:
        return json.dumps(redact_json(document, needles), ensure_ascii=True).encode()
    for needle in needles:
        for form in _byte_forms(needle):
            body = body.replace(form, REDACTED.encode())
    return body
