"""API tokens: shown once, stored as a SHA-256 hash (like a password, but fast to check on every call).

Each token has scopes (sportello/api/scopes.py), an expiry and can be revoked; last use is recorded.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.api import scopes as api_scopes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_days() -> int:
    return int(getattr(settings, "SPORTELLO_API_TOKEN_DAYS", 90))


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=default_days())


def default_scopes() -> list[str]:
    return list(api_scopes.DEFAULT)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nome"), max_length=100, default="cli")
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("ambiti"), default=default_scopes)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("scadenza"), default=default_expiry)
    last_used_at = models.DateTimeField(_("ultimo uso"), null=True, blank=True)
    revoked = models.BooleanField(_("revocato"), default=False)
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(
        cls, user, name: str = "cli", scopes: Iterable[str] = api_scopes.DEFAULT, days: int | None = None
    ) -> tuple["ApiToken", str]:  # type: ignore[no-untyped-def]
        chosen = list(dict.fromkeys(scopes))
        if not chosen or any(s not in api_scopes.SCOPES for s in chosen):
            raise ValueError(f"invalid scopes {chosen!r}")
        lifetime = default_days() if days is None else days
        if lifetime <= 0:
            raise ValueError("a token must expire: days must be positive")
        secret = "spt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=secret[:12], token_hash=hash_token(secret), scopes=chosen,
            expires_at=timezone.now() + datetime.timedelta(days=lifetime),
        )
        return token, secret

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def usable(self) -> bool:
        return not self.revoked and not self.expired

    def revoke(self) -> None:
        if not self.revoked:
            self.revoked, self.revoked_at = True, timezone.now()
            self.save(update_fields=["revoked", "revoked_at"])
