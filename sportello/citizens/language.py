"""The language to write to a citizen in."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def citizen_language(citizen: Any) -> str:
    """The citizen's own language when Sportello knows it and speaks it, else the installation's default."""
    code = str(getattr(citizen, "language", "") or "")[:2].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
