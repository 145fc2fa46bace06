from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from sportello.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer spt_…`; the request's user becomes the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked=False, user__is_active=True)
            .first()
        )
        if record is None:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        return record.user
