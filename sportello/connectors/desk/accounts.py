"""The phone and desk accounts of a municipality: one of each, created the first time a contact is recorded."""

from __future__ import annotations

from django.db import transaction

from sportello.municipalities.models import ChannelAccount, Municipality

CHANNELS = (ChannelAccount.Channel.PHONE, ChannelAccount.Channel.DESK)


def account_for_channel(municipality: Municipality, channel: str) -> ChannelAccount:
    """The municipality's account of this recorded channel, created on demand (and re-activated if switched off:
    an operator who records a call has, by definition, taken one)."""
    if channel not in CHANNELS:
        raise ValueError(f"not a recorded-contact channel: {channel!r}")
    with transaction.atomic():
        account = (
            ChannelAccount.objects.select_for_update()
            .filter(municipality=municipality, channel=channel).order_by("pk").first()
        )
        if account is None:
            account = ChannelAccount.objects.create(
                municipality=municipality, channel=channel, label=str(ChannelAccount.Channel(channel).label)
            )
        elif not account.active:
            account.active = True
            account.save(update_fields=["active"])
    return account
