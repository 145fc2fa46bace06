"""X-Hub-Signature-256: HMAC-SHA256 of the raw body under the app secret, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

PREFIX = "sha256="


def sign(body: bytes, secret: str | bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secrets: Iterable[str | bytes]) -> bool:
    """True when the header is a valid signature of these exact bytes under any of our app secrets.

    Several numbers may belong to different Meta apps; trying each secret avoids parsing unverified JSON.
    """
    if not header or not header.startswith(PREFIX):
        return False
    for secret in secrets:
        if secret and hmac.compare_digest(sign(body, secret), header.strip()):
            return True
    return False
