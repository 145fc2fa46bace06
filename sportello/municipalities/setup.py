"""Single-municipality installs configured from the environment: the municipality and each channel's account."""

from __future__ import annotations

import os

from django.utils.text import slugify

from sportello.municipalities.models import ChannelAccount, Municipality


def default_municipality() -> Municipality:
    """The municipality a single-municipality install's channels belong to.

    The one named by SPORTELLO_MUNICIPALITY_NAME (found by code or by name); without that variable, the
    installation's only municipality (the demo's, or the one created on the first-run page), so that starting
    with WHATSAPP_* variables never adds a second town; an empty installation gets one called "Comune".
    """
    name = os.environ.get("SPORTELLO_MUNICIPALITY_NAME", "").strip()
    if name:
        slug = slugify(name) or "comune"
        found = Municipality.objects.filter(slug=slug).first() or Municipality.objects.filter(name=name).first()
        if found is not None:
            return found
        return Municipality.objects.create(slug=slug, name=name)
    only = list(Municipality.objects.order_by("pk")[:2])
    if len(only) == 1:
        return only[0]
    municipality, _ = Municipality.objects.get_or_create(slug="comune", defaults={"name": "Comune"})
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
