"""The one-page survey link: a signed, expiring token that names the invitation (no lookup table to leak)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "sportello.survey.link"
# A link outlives the answer period a little: the page itself then says the survey is closed, not "bad link".
LINK_GRACE = timedelta(days=30)


def make_token(invitation_id: int) -> str:
    return signing.dumps(invitation_id, salt=SALT, compress=True)


def read_token(token: str, *, max_age: timedelta) -> int | None:
    """The invitation id, or None for a forged, altered or too-old token."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age + LINK_GRACE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return value if isinstance(value, int) else None


def survey_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('survey:form', args=[token])}"
