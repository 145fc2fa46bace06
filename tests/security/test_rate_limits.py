"""Issue 14: rate limits per address and per account (REST API, password reset), and a login lockout of the
(username, address) pair under a higher per-address ceiling, so an office behind one address is not locked out."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from sportello.api.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "x" * 12  # tests.cases.conftest.make_user's


def _api(secret: str, address: str = "10.1.1.1") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR=address)


def test_the_api_is_limited_per_token_owner_and_per_address(town, settings):
    settings.SPORTELLO_RATE_LIMITS = {"api": {"address": "5/m", "account": "3/m"}}
    first = _api(ApiToken.issue(town.urp)[1])
    for _ in range(3):
        assert first.get("/api/v1/conversations").status_code == 200
    refused = first.get("/api/v1/conversations")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    # A second token of the same person shares the person's allowance…
    assert _api(ApiToken.issue(town.urp, name="altro")[1], "10.1.1.2").get("/api/v1/conversations").status_code == 429
    # …another person from the same address has their own, until the address's ceiling.
    second = _api(ApiToken.issue(town.supervisor)[1])
    assert second.get("/api/v1/conversations").status_code == 200  # the address's 5th request
    assert second.get("/api/v1/conversations").status_code == 429


def test_password_reset_is_limited_per_address_and_per_email(town, settings):
    settings.SPORTELLO_RATE_LIMITS = {"password-reset": {"address": "4/h", "account": "2/h"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client(REMOTE_ADDR="10.2.2.2")
    for _ in range(2):
        assert client.post("/accesso/password-dimenticata/", {"email": town.urp.email}).status_code == 302
    refused = client.post("/accesso/password-dimenticata/", {"email": town.urp.email.upper()})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert len(mail.outbox) == 2
    assert client.post("/accesso/password-dimenticata/", {"email": town.roads.email}).status_code == 302
    assert client.post("/accesso/password-dimenticata/", {"email": town.waste.email}).status_code == 429  # address
    assert Client(REMOTE_ADDR="10.2.2.3").post("/accesso/password-dimenticata/", {"email": town.waste.email}).status_code == 302
    assert client.get("/accesso/password-dimenticata/").status_code == 200  # the form itself is never refused


def _login(address: str, username: str, password: str):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accesso/", {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


def test_lockout_is_per_username_and_address(town, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        assert _login("10.3.3.3", "urp", "sbagliata")[1] is False
    assert _login("10.3.3.3", "urp", PASSWORD)[1] is False  # this pair is locked…
    assert _login("10.3.3.3", "strade1", PASSWORD)[1] is True  # …a colleague behind the same address is not
    assert _login("10.4.4.4", "urp", PASSWORD)[1] is True  # …nor the same person from elsewhere


def test_one_address_trying_many_usernames_meets_a_ceiling(town, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SPORTELLO_RATE_LIMITS = {"login": {"address": "5/h"}}
    for i in range(5):
        assert _login("10.5.5.5", f"utente{i}", "sbagliata")[1] is False
    assert _login("10.5.5.5", "urp", PASSWORD)[1] is False  # the address is past its ceiling
    assert _login("10.6.6.6", "urp", PASSWORD)[1] is True
