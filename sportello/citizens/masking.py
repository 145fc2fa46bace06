"""How identifiers look on an operator's screen: enough to tell two citizens apart, not enough to call them."""

from __future__ import annotations


def mask_phone(e164: str) -> str:
    digits = e164.lstrip("+")
    if len(digits) < 6:
        return "•" * len(digits)
    # Keep the country code (2 digits is right for Italy and most of Europe) and the last two digits.
    return f"+{digits[:2]} {'•' * 3} {'•' * 3} ••{digits[-2:]}"


def mask_bsuid(bsuid: str) -> str:
    prefix, _, rest = bsuid.partition(".")
    return f"{prefix}.••••{rest[-4:]}" if rest else "••••"


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def mask_identifier(kind: str, value: str) -> str:
    if kind == "phone":
        return mask_phone(value)
    if kind == "bsuid":
        return mask_bsuid(value)
    if kind == "email":
        return mask_email(value)
    return value[:2] + "•••"
