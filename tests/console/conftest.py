"""Console test helpers: staff with roles, a signed-in (and, when needed, 2FA-verified) client, conversations."""

from __future__ import annotations

from typing import Any

import pytest

from sportello.conversations import ingest
from sportello.conversations.models import Conversation
from tests.conftest import make_number, post_webhook
from tests.connectors import payloads as p
from tests.staff import PASSWORD, login, make_staff, verified_device  # noqa: F401  (used by the console tests)



def incoming(client: Any, text: str = "Buongiorno, a che ora apre l'anagrafe?", phone: str = "393331234567",
             phone_number_id: str = p.PHONE_NUMBER_ID, **kwargs: Any) -> Conversation:
    message = p.text_message(text, phone=phone, **kwargs)
    post_webhook(client, _body(message, phone_number_id))
    ingest.drain()
    return Conversation.objects.latest("pk")


def _body(value: dict, phone_number_id: str) -> dict:
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [p.change(value, phone_number_id)]}]}


@pytest.fixture
def town(db):
    return make_number().account.municipality


@pytest.fixture
def other_town(db):
    return make_number("9988776655443", slug="sassari").account.municipality


@pytest.fixture
def operator(town):
    return make_staff("anna", town, first_name="Anna")
