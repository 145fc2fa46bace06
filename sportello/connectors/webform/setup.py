"""The single municipality's web form from the environment (SPORTELLO_WEBFORM=1; on in the demo)."""

from __future__ import annotations

from django.db import transaction

from sportello.connectors.webform import conf
from sportello.connectors.webform.models import WebForm
from sportello.core.audit import audit
from sportello.municipalities.models import ChannelAccount, Municipality


@transaction.atomic
def ensure_webform(municipality: Municipality, *, label: str = "Modulo web") -> WebForm:
    webform = WebForm.objects.select_related("account").filter(account__municipality=municipality).first()
    if webform is None:
        account = ChannelAccount.objects.create(
            municipality=municipality, channel=ChannelAccount.Channel.WEBFORM, label=label
        )
        webform = WebForm.objects.create(account=account)
        audit("webform.created", municipality=municipality, target=account)
    return webform


def configure_from_env() -> ChannelAccount | None:
    if not conf.get("SPORTELLO_WEBFORM"):
        return None
    from sportello.municipalities.setup import default_municipality

    existing = WebForm.objects.select_related("account__municipality").order_by("pk").first()
    municipality = existing.account.municipality if existing is not None else default_municipality()
    return ensure_webform(municipality).account
