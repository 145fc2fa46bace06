from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from sportello.api import scopes
from sportello.api.models import ApiToken, hash_token
from sportello.municipalities.middleware import activate_for_user

# last_used_at is written at most this often per token: one UPDATE per call would serialise the API on SQLite.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer spt_…`: a token neither revoked nor expired, holding the scope the request needs
    (scopes.required); the request's user becomes the token's owner. Wrong scope → 403, anything else → 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        record = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked=False, expires_at__gt=now, user__is_active=True)
            .first()
        )
        if record is None:
            return None
        needed = scopes.required(request.method or "GET", request.path)
        if needed not in record.scopes:
            raise HttpError(403, f"this token lacks the '{needed}' scope")
        if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        request.api_token = record  # type: ignore[attr-defined]
        activate_for_user(record.user)  # the rest of the request runs in the owner's municipalities (tenancy)
        return record.user
