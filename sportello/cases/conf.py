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
    # Map tiles: off by default, so no third party learns where citizens are. One setting turns maps on everywhere
    # (case pages, the reports map, the web form, the console): SPORTELLO_MAP_TILES_URL, an XYZ server of the
    # administrator's choice (self-hosted, or e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png" within its
    # usage policy). CASES_TILE_URL, the older name, still sets the case pages' server when given.
    "CASES_TILE_URL": lambda: envstr("CASES_TILE_URL", "") or getattr(settings, "SPORTELLO_MAP_TILES_URL", ""),
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


def map_link(latitude: float | None, longitude: float | None) -> str:
    """The "open in a map" link (SPORTELLO_MAP_LINK_URL): followed only when a person clicks it."""
    if latitude is None or longitude is None:
        return ""
    template = getattr(settings, "SPORTELLO_MAP_LINK_URL", "") or ""
    return template.format(lat=latitude, lon=longitude) if template else ""
