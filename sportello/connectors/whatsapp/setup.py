"""A WhatsApp number from the environment (single-municipality installs), for the demo and for tests."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from sportello.core.audit import audit
from sportello.municipalities.setup import default_municipality
from sportello.connectors.whatsapp.models import WhatsAppNumber
from sportello.municipalities.models import ChannelAccount, Municipality


@transaction.atomic
def ensure_whatsapp_number(
    municipality: Municipality,
    *,
    phone_number_id: str,
    display_phone_number: str,
    access_token: str,
    app_secret: str,
    verify_token: str,
    api_base_url: str = "",
    label: str = "WhatsApp",
    waba_id: str = "",
) -> WhatsAppNumber:
    number = WhatsAppNumber.objects.select_related("account").filter(phone_number_id=phone_number_id).first()
    if number is None:
        account = ChannelAccount.objects.create(
            municipality=municipality, channel=ChannelAccount.Channel.WHATSAPP, label=label
        )
        number = WhatsAppNumber(account=account, phone_number_id=phone_number_id)
        audit("whatsapp_number.created", municipality=municipality, target=account)
    number.display_phone_number = display_phone_number or phone_number_id
    number.access_token = access_token
    number.app_secret = app_secret
    number.verify_token = verify_token
    number.api_base_url = api_base_url
    connected = bool(waba_id) and (number.pk is None or number.waba_id != waba_id)
    if waba_id:
        number.waba_id = waba_id
    number.save()
    if connected:  # a newly connected business account: its templates are fetched from Meta at once
        from sportello.connectors.whatsapp.template_sync import schedule_sync

        schedule_sync(number.account_id)
    return number


def configure_from_env() -> ChannelAccount | None:
    """Single-municipality installs: WHATSAPP_* variables define (or update) the one number."""
    if not settings.WHATSAPP_PHONE_NUMBER_ID:
        return None
    existing = WhatsAppNumber.objects.select_related("account__municipality").filter(
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID
    ).first()
    municipality = existing.account.municipality if existing is not None else default_municipality()
    number = ensure_whatsapp_number(
        municipality,
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
        display_phone_number=settings.WHATSAPP_DISPLAY_NUMBER,
        access_token=settings.WHATSAPP_ACCESS_TOKEN,
        app_secret=settings.WHATSAPP_APP_SECRET,
        verify_token=settings.WHATSAPP_VERIFY_TOKEN,
        waba_id=settings.WHATSAPP_WABA_ID,
    )
    return number.account
