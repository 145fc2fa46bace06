"""A mailbox from the environment (single-municipality installs: EMAIL_IMAP_URL, EMAIL_SMTP_URL, EMAIL_ADDRESS)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from sportello.connectors.email.endpoints import BadMailURL, parse_imap_url, parse_smtp_url
from sportello.connectors.email.models import Mailbox
from sportello.core.audit import audit
from sportello.municipalities.models import ChannelAccount, Municipality
from sportello.municipalities.setup import default_municipality


@transaction.atomic
def ensure_mailbox(
    municipality: Municipality,
    *,
    address: str,
    smtp_url: str,
    imap_url: str = "",
    display_name: str = "",
    is_pec: bool = False,
    label: str = "",
) -> Mailbox:
    """Create or update the mailbox with this address (the folder comes from the IMAP URL's path)."""
    address = address.strip().lower()
    mailbox = Mailbox.objects.select_related("account").filter(address=address).first()
    if mailbox is None:
        account = ChannelAccount.objects.create(
            municipality=municipality, channel=ChannelAccount.Channel.EMAIL, label=label or address
        )
        mailbox = Mailbox(account=account, address=address)
        audit("mailbox.created", municipality=municipality, target=account)
    if imap_url:
        folder = parse_imap_url(imap_url).path
        if folder and folder != mailbox.folder:
            mailbox.folder, mailbox.last_uid, mailbox.uid_validity = folder, 0, None
    mailbox.imap_url = imap_url
    mailbox.smtp_url = smtp_url
    mailbox.display_name = display_name
    mailbox.is_pec = is_pec
    mailbox.save()
    return mailbox


def configure_from_env() -> ChannelAccount | None:
    if not settings.EMAIL_ADDRESS:
        return None
    if not settings.EMAIL_SMTP_URL:
        raise ImproperlyConfigured("EMAIL_ADDRESS is set but EMAIL_SMTP_URL is not: replies could not be sent")
    try:
        parse_smtp_url(settings.EMAIL_SMTP_URL)
        if settings.EMAIL_IMAP_URL:
            parse_imap_url(settings.EMAIL_IMAP_URL)
    except BadMailURL as exc:
        raise ImproperlyConfigured(f"EMAIL_IMAP_URL / EMAIL_SMTP_URL: {exc}") from exc
    existing = Mailbox.objects.select_related("account__municipality").filter(
        address=settings.EMAIL_ADDRESS.strip().lower()
    ).first()
    municipality = existing.account.municipality if existing is not None else default_municipality()
    mailbox = ensure_mailbox(
        municipality,
        address=settings.EMAIL_ADDRESS,
        imap_url=settings.EMAIL_IMAP_URL,
        smtp_url=settings.EMAIL_SMTP_URL,
        display_name=settings.EMAIL_DISPLAY_NAME,
        is_pec=settings.EMAIL_IS_PEC,
    )
    return mailbox.account
