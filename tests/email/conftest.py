"""A municipality whose URP mailbox (urp@comune.test) lives on the session's real mail server (tests/mailserver.py)."""

from __future__ import annotations

import pytest

URP = "urp@comune.test"
CITIZEN = "cittadino@example.test"


@pytest.fixture
def make_mailbox(mailserver):
    """A Mailbox on the real server for a municipality; the server's mailboxes start empty."""

    def make(municipality=None, **extra):  # type: ignore[no-untyped-def]
        from sportello.connectors.email.setup import ensure_mailbox
        from sportello.municipalities.models import Municipality

        for user in mailserver.users:
            mailserver.empty(user)
        if municipality is None:
            municipality, _ = Municipality.objects.get_or_create(slug="cagliari", defaults={"name": "Comune di Cagliari"})
        return ensure_mailbox(
            municipality, address=URP, imap_url=mailserver.imap_url(URP), smtp_url=mailserver.smtp_url,
            display_name="URP Comune di Cagliari", **extra,
        )

    return make
