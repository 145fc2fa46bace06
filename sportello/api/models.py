"""API tokens: shown once, stored as a SHA-256 hash (like a password, but fast to check on every call)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nome"), max_length=100, default="cli")
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("revocato"), default=False)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name: str = "cli") -> tuple["ApiToken", str]:  # type: ignore[no-untyped-def]
        secret = "spt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=secret[:12], token_hash=hash_token(secret))
        return token, secret
