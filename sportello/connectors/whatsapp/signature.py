"""X-Hub-Signature-256: HMAC-SHA256 of the raw body under the app secret, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sportello.connectors.whatsapp.accounts import Secrets

PREFIX = "sha256="


def sign(body: bytes, secret: str | bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secrets: Iterable[str | bytes]) -> bool:
    """True when the header is a valid signature of these exact bytes under any of these secrets."""
    return signing_secret(body, header, secrets) is not None


def signing_secret(body: bytes, header: str | None, secrets: Iterable[str | bytes]) -> str | bytes | None:
    """The secret under which the header is a valid signature of these bytes, or None."""
    if not header or not header.startswith(PREFIX):
        return None
    for secret in secrets:
        if secret and hmac.compare_digest(sign(body, secret), header.strip()):
            return secret
    return None


def verify_named(body: bytes, header: str | None, secrets: "Secrets") -> tuple[bool, str]:
    """True when the body is signed with the app secret of every account it names; else False and why.

    Meta signs with the app secret, so the numbers of one app share it: a body naming several of them verifies with
    that one secret, while a body signed by one municipality's app and naming another's number is refused (events are
    routed by phone_number_id, so any valid secret would otherwise let one town write into another's inbox). A body
    naming none of our accounts needs only a valid signature: nothing in it can be routed to an account.
    """
    from sportello.connectors.whatsapp import named

    secret = signing_secret(body, header, secrets.app_secrets)
    if secret is None:
        return False, "invalid or missing signature"
    required = {secrets.by_number[n] for n in named.phone_number_ids(body) if n in secrets.by_number}
    if len(secrets.by_number) == 1:  # an event without a phone_number_id goes to the only number (accounts.number_for)
        required |= set(secrets.by_number.values())
    if secrets.by_waba:
        for waba in named.ids(body) & secrets.by_waba.keys():
            required |= secrets.by_waba[waba]
    if any(r != secret for r in required):
        return False, "signed with the secret of another account than the one(s) it names"
    return True, ""
