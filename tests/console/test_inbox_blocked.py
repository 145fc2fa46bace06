"""A blocked citizen's conversation leaves the queue of work and stays reachable under "Bloccati"."""

from __future__ import annotations

import pytest

from sportello.moderation.services import block_citizen
from tests.console.conftest import incoming, login

pytestmark = pytest.mark.django_db


def test_blocked_citizen_leaves_the_waiting_queue(client, town, operator):
    calm = incoming(client, "Orari della biblioteca?", phone="393330000001")
    rude = incoming(client, "Messaggio di chi verrà bloccato", phone="393330000002")
    block_citizen(rude.citizen, actor=None, reason="minacce ripetute")
    login(client, operator)
    for view in ("", "?vista=in_attesa", "?vista=non_assegnate"):
        html = client.get("/" + view).content.decode()
        assert "biblioteca" in html and "verrà bloccato" not in html, view
    blocked = client.get("/?vista=bloccati").content.decode()
    assert "verrà bloccato" in blocked and "biblioteca" not in blocked and "Bloccato" in blocked
    assert "verrà bloccato" in client.get("/?vista=tutte").content.decode()
    assert client.get(f"/conversazioni/{rude.pk}/").status_code == 200
    assert client.get("/notifiche/").json()["unread"] == 1  # the tab counter leaves them out too
    assert calm.unread_count == 1
