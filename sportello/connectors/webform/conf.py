"""Installation-wide settings of the web form, read from the environment (no edits to settings.py needed).

`get()` looks at Django settings first (tests override with pytest-django's `settings`), then the environment.
Per-municipality limits live on the `WebForm` row; these are the defaults a new form starts from.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from sportello.env import envbool, envint

_DEFAULTS: dict[str, Any] = {
    # Create the single municipality's form at start (`configure_from_env`); on by default in the demo (sandbox).
    "SPORTELLO_WEBFORM": lambda: envbool("SPORTELLO_WEBFORM", envbool("SPORTELLO_SANDBOX", False)),
    # Accepted submissions per client address per hour (a cache-based counter; 0 switches the limit off).
    "SPORTELLO_WEBFORM_PER_HOUR": lambda: envint("SPORTELLO_WEBFORM_PER_HOUR", 5),
    # Seconds a person needs at least to fill the form (bots post at once); a signed timestamp measures it.
    "SPORTELLO_WEBFORM_MIN_SECONDS": lambda: envint("SPORTELLO_WEBFORM_MIN_SECONDS", 4),
    # After this many hours the form's timestamp is stale and the citizen is asked to send again.
    "SPORTELLO_WEBFORM_MAX_HOURS": lambda: envint("SPORTELLO_WEBFORM_MAX_HOURS", 12),
}


def get(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    return _DEFAULTS[name]()
