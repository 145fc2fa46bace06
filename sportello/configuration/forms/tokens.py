"""A list of words edited as tokens: a plain textarea (one per line, or separated by commas) that the page's script
shows as chips. Without JavaScript the textarea is all there is, and it works the same."""

from __future__ import annotations

import re
from typing import Any

from django import forms

_SEPARATORS = re.compile(r"[\n,;]+")


def split_tokens(raw: str) -> list[str]:
    """"a, b\\nc" → ["a", "b", "c"], without blanks or repeats (first spelling kept)."""
    seen: dict[str, str] = {}
    for part in _SEPARATORS.split(raw or ""):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())


class TokenWidget(forms.Textarea):
    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"rows": 3, "data-tokens": "on", **(attrs or {})})

    def format_value(self, value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return "\n".join(str(v) for v in value)
        return super().format_value(value) or ""


class TokenField(forms.Field):
    """Cleans to a list of strings."""

    widget = TokenWidget

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value if str(v).strip()]
        return split_tokens(str(value or ""))

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
