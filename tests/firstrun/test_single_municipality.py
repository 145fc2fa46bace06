"""One municipality: Open311 and the API need not name it. Several: a 400 that names the missing parameter."""

from __future__ import annotations

import pytest
from django.test import Client

from sportello.api import scopes
from sportello.api.models import ApiToken
from sportello.cases.seed import seed_departments
from sportello.municipalities.models import Municipality
from sportello.municipalities.setup import default_municipality
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    municipality = Municipality.objects.create(slug="esempio", name="Comune di Esempio")
    seed_departments(municipality)
    return municipality


def _token(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, secret = ApiToken.issue(user, scopes=scopes.parse("read,reports"))
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_one_municipality_needs_no_jurisdiction_or_municipality(town):
    client = Client()
    services = client.get("/open311/v2/services.json")
    assert services.status_code == 200 and services.json()
    assert client.get("/open311/v2/requests.json").status_code == 200
    auth = _token(make_staff("capo", town, role="supervisor"))
    for path in ("/api/v1/conversations", "/api/v1/reports/activity", "/api/v1/reports/satisfaction"):
        response = client.get(path, **auth)
        assert response.status_code == 200, (path, response.content)
    assert client.get("/api/v1/reports/activity", **auth).json()["municipality"] == "esempio"


def test_several_municipalities_ask_for_the_parameter_by_name(town):
    other = Municipality.objects.create(slug="altrove", name="Comune di Altrove")
    seed_departments(other)
    client = Client()
    refused = client.get("/open311/v2/services.json")
    assert refused.status_code == 400 and "jurisdiction_id" in refused.content.decode()
    assert client.get("/open311/v2/services.json?jurisdiction_id=altrove").status_code == 200

    user = make_staff("capo", town, role="supervisor")
    from sportello.municipalities.models import StaffMembership

    StaffMembership.objects.create(user=user, municipality=other, role="supervisor")
    auth = _token(user)
    for path in ("/api/v1/reports/activity", "/api/v1/reports/satisfaction"):
        response = client.get(path, **auth)
        assert response.status_code == 400 and "municipality" in response.json()["detail"], path
        assert client.get(f"{path}?municipality=altrove", **auth).status_code == 200


def test_channels_from_the_environment_join_the_only_municipality(town, monkeypatch):
    monkeypatch.delenv("SPORTELLO_MUNICIPALITY_NAME", raising=False)
    assert default_municipality() == town
    assert Municipality.objects.count() == 1
    monkeypatch.setenv("SPORTELLO_MUNICIPALITY_NAME", "Comune di Esempio")
    assert default_municipality() == town  # found by name, not doubled under another code


def test_an_empty_installation_configured_from_the_environment_gets_one_municipality(monkeypatch):
    monkeypatch.delenv("SPORTELLO_MUNICIPALITY_NAME", raising=False)
    first = default_municipality()
    assert default_municipality() == first and Municipality.objects.count() == 1
