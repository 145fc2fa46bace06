"""Encryption at rest and keyed blind indexes for personal identifiers.

Phone numbers, BSUIDs, webhook bodies and channel secrets are stored only encrypted (Fernet: AES-128-CBC with
HMAC-SHA256, through MultiFernet so old keys keep decrypting while the first key encrypts: rotation is adding a
key in front and running `sportello manage rotate_keys`). Lookups go through a blind index: HMAC-SHA256 under a
separate key, so the database can find "this number" without holding it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = settings.SPORTELLO_ENCRYPTION_KEYS
    if not keys:
        raise RuntimeError("SPORTELLO_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


@lru_cache(maxsize=1)
def _index_key() -> bytes:
    return base64.urlsafe_b64decode(settings.SPORTELLO_BLIND_INDEX_KEY)


def reset_caches() -> None:
    """Tests and key rotation change the keys at run time."""
    _fernet.cache_clear()
    _index_key.cache_clear()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)


def encrypt_str(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_str(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def rotate_token(token: bytes) -> bytes:
    return _fernet().rotate(token)


def blind_index(kind: str, value: str) -> str:
    """Deterministic, keyed, one-way: equal values give equal indexes; the kind keeps namespaces apart."""
    digest = hmac.new(_index_key(), f"{kind}:{value}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode().rstrip("=").lower()


__all__ = [
    "InvalidToken",
    "blind_index",
    "decrypt_bytes",
    "decrypt_str",
    "encrypt_bytes",
    "encrypt_str",
    "reset_caches",
    "rotate_token",
]
