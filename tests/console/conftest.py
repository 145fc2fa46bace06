"""Console test helpers: staff with roles, a signed-in (and, when needed, 2FA-verified) client, conversations."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from sportello.conversations import ingest
from sportello.conversations.models import Conversation
from sportello.municipalities.models import StaffMembership
from tests.conftest import make_number, post_webhook
from tests.connectors import payloads as p

PASSWORD = "una-password-lunga-42"


def make_staff(username: str, municipality: Any, role: str = "operator", **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=extra.pop("first_name", ""), **extra)
    StaffMembership.objects.create(user=user, municipality=municipality, role=role)
    return user


def verified_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login(client: Any, user: Any, *, verified: bool = False) -> Any:
    """force_login, plus a 2FA-verified session when asked (what django_otp.login stores)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        from django_otp import DEVICE_ID_SESSION_KEY

        device = verified_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


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
