"""Phone numbers in one canonical form (E.164) so one person is one citizen whatever the formatting."""

from __future__ import annotations

import phonenumbers
from django.conf import settings


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str, region: str | None = None) -> str:
    """'+39 333 123 4567', '393331234567' (WhatsApp's wa_id, no plus) and '0039…' all give '+393331234567'."""
    text = raw.strip()
    if not text:
        raise InvalidPhoneNumber("empty phone number")
    if text.startswith("00"):
        text = "+" + text[2:]
    candidates = [text] if text.startswith("+") else ["+" + text, text]
    for candidate in candidates:
        try:
            parsed = phonenumbers.parse(candidate, region or settings.SPORTELLO_DEFAULT_PHONE_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    raise InvalidPhoneNumber("not a possible phone number")
