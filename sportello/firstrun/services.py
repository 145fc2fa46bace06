"""Setting up an empty installation: one transaction, one audit entry, never twice."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from sportello.core.audit import audit
from sportello.firstrun import tokens
from sportello.firstrun.defaults import add_canned_replies, apply_blank_defaults
from sportello.firstrun.logo import save_logo
from sportello.municipalities.models import Municipality, StaffMembership


class AlreadySetUp(Exception):
    """A municipality exists: the first run is over."""


@dataclass
class SetupResult:
    municipality: Municipality
    administrator: Any
    created_administrator: bool
    notices: list[str] = field(default_factory=list)  # shown once (a generated verify token, a channel error)


def _unique_slug(name: str) -> str:
    base = slugify(name.removeprefix("Comune di ").removeprefix("comune di ")) or slugify(name) or "comune"
    slug, n = base[:50], 2
    while Municipality.objects.filter(slug=slug).exists():
        slug, n = f"{base[:46]}-{n}", n + 1
    return slug


@transaction.atomic
def set_up(data: dict[str, Any], *, actor: Any, logo: Any = None) -> SetupResult:
    """Create the municipality, its logo, channel, rules and administrator from the first-run form's data."""
    if Municipality.objects.select_for_update().exists():
        raise AlreadySetUp()
    municipality = Municipality.objects.create(
        slug=_unique_slug(data["name"]), name=data["name"], office_name=data.get("office_name") or "URP",
        languages=["it", "en"],
    )
    if logo is not None:
        save_logo(municipality, logo)
    notices = _connect_channel(municipality, data)
    _apply_rules(municipality, data.get("setup") or "blank", data.get("province") or "")
    administrator, created = _administrator(municipality, data, actor)
    tokens.consume_all()
    audit(
        "installation.set_up", actor=actor if getattr(actor, "is_authenticated", False) else administrator,
        municipality=municipality, target=municipality, channel=data.get("channel") or "later",
        rules=data.get("setup") or "blank", province=data.get("province") or "", logo=logo is not None,
        administrator=administrator.get_username(), administrator_created=created,
    )
    return SetupResult(municipality, administrator, created, notices)


def _apply_rules(municipality: Municipality, choice: str, province: str) -> None:
    if choice == "blank":
        apply_blank_defaults(municipality, province)
        return
    from sportello.policies.models import ServicePolicy
    from sportello.policies.presets import apply_preset

    # A preset brings its town's rules and texts; the municipality stays the one named on the form.
    own = {f: getattr(municipality, f) for f in ("name", "office_name", "website", "links", "email", "phone")}
    apply_preset(choice, municipality)
    for name, value in own.items():
        setattr(municipality, name, value)
    municipality.save()
    if province:
        ServicePolicy.objects.filter(municipality=municipality).update(holidays_subdivision=province)
    add_canned_replies(municipality)


def _connect_channel(municipality: Municipality, data: dict[str, Any]) -> list[str]:
    from django.utils.translation import gettext as _

    channel = data.get("channel")
    if channel == "whatsapp":
        from sportello.connectors.whatsapp.setup import ensure_whatsapp_number

        verify = data.get("whatsapp_verify_token") or secrets.token_urlsafe(24)
        ensure_whatsapp_number(
            municipality, phone_number_id=data["whatsapp_phone_number_id"].strip(),
            display_phone_number=data.get("whatsapp_display_number", "").strip(),
            access_token=data["whatsapp_access_token"], app_secret=data["whatsapp_app_secret"], verify_token=verify,
        )
        if not data.get("whatsapp_verify_token"):
            return [_("Webhook verify token to paste in Meta's dashboard (shown only now): %(token)s") % {"token": verify}]
    elif channel == "telegram":
        from sportello.connectors.base import TransportError
        from sportello.connectors.telegram.setup import ensure_bot, set_webhook

        bot = ensure_bot(municipality, token=data["telegram_bot_token"], webhook_secret=secrets.token_urlsafe(32))
        try:
            set_webhook(bot)
        except TransportError as error:  # kept on the bot too (last_error); the webhook can be set again later
            return [_("The bot is saved, but Telegram could not be reached: %(error)s") % {"error": error.message}]
    elif channel == "email":
        from sportello.connectors.email.setup import ensure_mailbox

        ensure_mailbox(
            municipality, address=data["email_address"], smtp_url=data["email_smtp_url"],
            imap_url=data.get("email_imap_url") or "", display_name=municipality.office_name,
        )
    return []


def _administrator(municipality: Municipality, data: dict[str, Any], actor: Any) -> tuple[Any, bool]:
    if getattr(actor, "is_authenticated", False) and actor.is_superuser:
        StaffMembership.objects.get_or_create(
            user=actor, municipality=municipality, defaults={"role": StaffMembership.Role.ADMINISTRATOR}
        )
        return actor, False
    user = get_user_model().objects.create_user(
        username=data["admin_username"], email=data["admin_email"], password=data["admin_password"],
        is_staff=True, is_superuser=True,
    )
    StaffMembership.objects.create(user=user, municipality=municipality, role=StaffMembership.Role.ADMINISTRATOR)
    return user, True
