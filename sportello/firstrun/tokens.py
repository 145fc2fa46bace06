"""One-time setup tokens: how an empty installation knows that the person on the setup page runs the server.

`sportello web` and `sportello demo` call `announce()` at start: while no municipality and no user exist it issues
a token and prints it (only its SHA-256 is stored). The first-run page asks for it when nobody can sign in yet;
tokens expire after SETUP_TOKEN_HOURS and are all deleted when the installation is set up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from sportello.firstrun.models import SetupToken
from sportello.municipalities.models import Municipality

SETUP_TOKEN_HOURS = 24
SETUP_PATH = "/configurazione-iniziale/"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def installation_is_empty() -> bool:
    return not Municipality.objects.exists()


def nobody_can_sign_in() -> bool:
    return not get_user_model().objects.exists()


def issue() -> str:
    """A new token (the older ones stay valid until they expire: several web servers may start)."""
    secret = secrets.token_urlsafe(24)
    SetupToken.objects.create(digest=_digest(secret))
    return secret


def check(secret: str) -> bool:
    if not secret:
        return False
    fresh = SetupToken.objects.filter(created_at__gte=timezone.now() - timedelta(hours=SETUP_TOKEN_HOURS))
    wanted = _digest(secret)
    return any(hmac.compare_digest(wanted, digest) for digest in fresh.values_list("digest", flat=True))


def consume_all() -> None:
    SetupToken.objects.all().delete()


def announce(site_url: str, out: TextIO) -> str | None:
    """At server start: print a setup token when the installation is empty and nobody can sign in."""
    if not (installation_is_empty() and nobody_can_sign_in()):
        return None
    secret = issue()
    out.write(
        "\nSportello is not set up yet. Open "
        f"{site_url.rstrip('/')}{SETUP_PATH} and enter this one-time setup token "
        f"(valid {SETUP_TOKEN_HOURS} hours):\n\n    {secret}\n\n"
    )
    out.flush()
    return secret
