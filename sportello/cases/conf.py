"""Settings of the cases app, read from the environment through `sportello.env` (no edits to settings.py).

Every value can be overridden in tests with `settings.<NAME>` (pytest-django's `settings` fixture): `get()`
looks at Django settings first, then the environment, then the default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sportello.env import envint, envstr

_DEFAULTS: dict[str, Any] = {
    # Prefix of case reference numbers: URP-2026-000123.
    "CASES_REFERENCE_PREFIX": lambda: envstr("CASES_REFERENCE_PREFIX", "URP"),
    # Map tiles: any XYZ server (the OSM default is for light use only; set your own in production).
    "CASES_TILE_URL": lambda: envstr("CASES_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "CASES_TILE_ATTRIBUTION": lambda: envstr(
        "CASES_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    ),
    # Approved templates sent when the citizen's channel refuses free text but accepts a template instead
    # (a closed reply window). Parameters: the reference.
    "CASES_TEMPLATE_OPENED": lambda: envstr("CASES_TEMPLATE_OPENED", "pratica_aperta"),
    "CASES_TEMPLATE_RESOLVED": lambda: envstr("CASES_TEMPLATE_RESOLVED", "pratica_risolta"),
    "CASES_TEMPLATE_LANGUAGE": lambda: envstr("CASES_TEMPLATE_LANGUAGE", "it"),
    # Sender of department notifications (falls back to DEFAULT_FROM_EMAIL).
    "CASES_EMAIL_FROM": lambda: envstr("CASES_EMAIL_FROM", ""),
    # How many recent citizen messages (since the last case) the routing suggestion reads.
    "CASES_ROUTING_WINDOW": lambda: envint("CASES_ROUTING_WINDOW", 6),
    # Open311 GET requests defaults (the spec's: 90 days, 1000 requests).
    "CASES_OPEN311_DAYS": lambda: envint("CASES_OPEN311_DAYS", 90),
    "CASES_OPEN311_LIMIT": lambda: envint("CASES_OPEN311_LIMIT", 1000),
}


def get(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    return _DEFAULTS[name]()
