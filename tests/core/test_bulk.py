"""bulk_update_values writes each row's own values, NULLs and types included, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sportello.core.bulk import bulk_update_values
from sportello.conversations.models import Message
from tests.conftest import post_webhook
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db


def test_rows_get_their_own_values(client, number):
    from sportello.conversations import ingest

    for i in range(3):
        post_webhook(client, p.body(p.text_message(f"messaggio {i}", phone=f"39333000000{i}")))
    ingest.drain()
    messages = list(Message.objects.order_by("pk"))
    when = timezone.now().replace(microsecond=0)
    for i, message in enumerate(messages):
        message.status = ["read", "failed", "delivered"][i]
        message.error_code = [None, 131026, None][i]
        message.error_title = ["", "non recapitabile", ""][i]
        message.status_at = when + timedelta(seconds=i) if i != 2 else None
        message.forwarded = i == 1
    bulk_update_values(messages, ["status", "error_code", "error_title", "status_at", "forwarded"], batch_size=2)
    stored = list(Message.objects.order_by("pk").values_list("status", "error_code", "error_title", "status_at", "forwarded"))
    assert stored == [
        ("read", None, "", when, False),
        ("failed", 131026, "non recapitabile", when + timedelta(seconds=1), True),
        ("delivered", None, "", None, False),
    ]
