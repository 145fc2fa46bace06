"""Issue 14: API tokens had no scope and never expired. Now each holds scopes checked on every endpoint, expires,
can be revoked from the console (own tokens; a supervisor's staff's tokens) and the CLI, and records its last use."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sportello.api import scopes
from sportello.api.models import ApiToken
from sportello.core.models import AuditEntry
from tests.staff import signed_in as _login

pytestmark = pytest.mark.django_db


def _api(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_scopes_are_enforced_per_endpoint(town):
    reader = _api(ApiToken.issue(town.urp, scopes=["read"])[1])
    assert reader.get("/api/v1/conversations").status_code == 200
    assert reader.get("/api/v1/cases").status_code == 200
    refused = reader.post("/api/v1/cases", {}, content_type="application/json")
    assert refused.status_code == 403 and "write" in refused.json()["detail"]
    writer = _api(ApiToken.issue(town.urp, scopes=["write"])[1])
    assert writer.get("/api/v1/conversations").status_code == 403
    assert writer.post("/api/v1/cases", {}, content_type="application/json").status_code != 403


def test_the_scope_table():
    assert scopes.required("GET", "/api/v1/conversations/3/messages") == "read"
    assert scopes.required("POST", "/api/v1/conversations/3/state") == "write"
    assert scopes.required("GET", "/api/v1/reports/activity") == "reports"
    assert scopes.required("GET", "/api/v1/citizens/4/export") == "privacy"
    assert scopes.required("POST", "/api/v1/citizens/4/erase") == "privacy"
    with pytest.raises(ValueError):
        scopes.parse("read,everything")


def test_tokens_expire(town):
    token, secret = ApiToken.issue(town.urp, days=1)
    assert token.expires_at - timezone.now() > datetime.timedelta(hours=23)
    assert _api(secret).get("/api/v1/conversations").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _api(secret).get("/api/v1/conversations").status_code == 401
    default, _ = ApiToken.issue(town.urp)
    assert 89 <= (default.expires_at - timezone.now()).days <= 90
    with pytest.raises(ValueError):
        ApiToken.issue(town.urp, days=0)


def test_last_use_is_recorded(town):
    token, secret = ApiToken.issue(town.urp)
    assert token.last_used_at is None
    _api(secret).get("/api/v1/conversations")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revocation_from_the_cli(town, capsys):
    token, secret = ApiToken.issue(town.urp)
    call_command("revoketoken", token.prefix)
    assert _api(secret).get("/api/v1/conversations").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked", target_id=str(token.pk)).exists()


def test_createtoken_takes_scopes_and_days(town, capsys):
    from sportello.cli import main

    assert main(["createtoken", town.urp.username, "--scopes", "read,reports", "--days", "7"]) == 0
    token = ApiToken.objects.get()
    assert token.scopes == ["read", "reports"] and (token.expires_at - timezone.now()).days == 6
    assert main(["createtoken", town.urp.username, "--scopes", "root"]) == 2


def test_console_lists_creates_and_revokes_own_tokens(town):
    mine, secret = ApiToken.issue(town.roads, name="mio")
    ApiToken.issue(town.urp, name="di-un-collega")
    browser = _login(town.roads)
    page = browser.get("/profilo/token-api/")
    assert page.status_code == 200 and b"mio" in page.content and b"di-un-collega" not in page.content
    created = browser.post("/profilo/token-api/", {"name": "nuovo", "scopes": ["read"], "days": "30"})
    new = ApiToken.objects.get(name="nuovo")
    assert new.user == town.roads and new.scopes == ["read"] and new.prefix.encode() in created.content
    colleague = ApiToken.objects.get(name="di-un-collega")
    assert browser.post(f"/profilo/token-api/{colleague.pk}/revoca/").status_code == 404
    assert browser.post(f"/profilo/token-api/{mine.pk}/revoca/").status_code == 302
    assert _api(secret).get("/api/v1/conversations").status_code == 401


def test_a_supervisor_revokes_their_staffs_tokens_but_not_another_towns(town):
    staff, secret = ApiToken.issue(town.urp, name="di-urp")
    foreign, _ = ApiToken.issue(town.outsider, name="altrove")
    browser = _login(town.supervisor)
    page = browser.get("/profilo/token-api/")
    assert b"di-urp" in page.content and b"altrove" not in page.content
    assert browser.post(f"/profilo/token-api/{foreign.pk}/revoca/").status_code == 404
    assert browser.post(f"/profilo/token-api/{staff.pk}/revoca/").status_code == 302
    assert _api(secret).get("/api/v1/conversations").status_code == 401


def test_the_admin_lists_and_revokes_but_never_shows_the_hash(town):
    from django.contrib.auth import get_user_model

    from tests.staff import signed_in

    token, secret = ApiToken.issue(town.urp, name="integrazione")
    admin = signed_in(get_user_model().objects.create_superuser("amm", "a@comune.example", "x" * 12))
    page = admin.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and token.token_hash.encode() not in page.content
    admin.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert _api(secret).get("/api/v1/conversations").status_code == 401
