"""Creating municipalities and their WhatsApp numbers: from the environment, for the demo, for tests."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from sportello.core.audit import audit
from sportello.municipalities.models import ChannelAccount, Municipality, WhatsAppNumber


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
    number.save()
    return number


def configure_from_env() -> WhatsAppNumber | None:
    """Single-municipality installs: WHATSAPP_* variables define (or update) the one number."""
    if not settings.WHATSAPP_PHONE_NUMBER_ID:
        return None
    existing = WhatsAppNumber.objects.select_related("account__municipality").filter(
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID
    ).first()
    if existing is not None:
        municipality = existing.account.municipality
    else:
        import os

        name = os.environ.get("SPORTELLO_MUNICIPALITY_NAME", "Comune")
        municipality, _ = Municipality.objects.get_or_create(slug=slugify(name) or "comune", defaults={"name": name})
    return ensure_whatsapp_number(
        municipality,
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
        display_phone_number=settings.WHATSAPP_DISPLAY_NUMBER,
        access_token=settings.WHATSAPP_ACCESS_TOKEN,
        app_secret=settings.WHATSAPP_APP_SECRET,
        verify_token=settings.WHATSAPP_VERIFY_TOKEN,
    )
