"""Single-municipality installs configured from the environment: the municipality and each channel's account."""

from __future__ import annotations

import os

from django.utils.text import slugify

from sportello.municipalities.models import ChannelAccount, Municipality


def default_municipality() -> Municipality:
    """The municipality a single-municipality install's channels belong to (SPORTELLO_MUNICIPALITY_NAME)."""
    name = os.environ.get("SPORTELLO_MUNICIPALITY_NAME", "Comune")
    municipality, _ = Municipality.objects.get_or_create(slug=slugify(name) or "comune", defaults={"name": name})
    return municipality


def configure_from_env() -> list[ChannelAccount]:
    """Every channel whose variables are set (WHATSAPP_*, TELEGRAM_*, EMAIL_*) creates or updates its account."""
    from sportello.connectors.registry import all_connectors

    accounts = []
    for connector in all_connectors():
        account = connector.configure_from_env()
        if account is not None:
            accounts.append(account)
    return accounts
