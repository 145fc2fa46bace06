"""Department staff see and act on their department's cases only; the URP and supervisors see all of theirs."""

from __future__ import annotations

import pytest
from django.test import Client

from sportello.api.models import ApiToken
from sportello.cases import services
from sportello.cases.access import cases_for
from sportello.cases.models import DepartmentMembership


@pytest.fixture
def cases(town):  # type: ignore[no-untyped-def]
    roads = services.open_case(department=town.department("strade"), title="Buca", actor=town.urp)
    waste = services.open_case(department=town.department("ambiente"), title="Rifiuti", actor=town.urp)
    elsewhere = services.open_case(department=town.outsider.departments.get(), title="Buca altrove")
    return roads, waste, elsewhere


def ids(user):  # type: ignore[no-untyped-def]
    return set(cases_for(user).values_list("title", flat=True))


def test_scoping_rules(town, cases, django_user_model):
    assert ids(town.urp) == {"Buca", "Rifiuti"}
    assert ids(town.supervisor) == {"Buca", "Rifiuti"}
    assert ids(town.roads) == {"Buca"}
    assert ids(town.waste) == {"Rifiuti"}
    assert ids(town.outsider) == {"Buca altrove"}
    # A member of the URP department (coordinates) sees everything again
    DepartmentMembership.objects.create(department=town.department("urp"), user=town.waste)
    assert ids(town.waste) == {"Buca", "Rifiuti"}
    assert ids(django_user_model.objects.create_user("nobody")) == set()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_views_are_404_outside_scope(town, cases):
    roads, waste, elsewhere = cases
    staff = client_for(town.roads)
    assert staff.get(f"/pratiche/{roads.pk}/").status_code == 200
    for case in (waste, elsewhere):
        assert staff.get(f"/pratiche/{case.pk}/").status_code == 404
        assert staff.post(f"/pratiche/{case.pk}/stato", {"state": "resolved"}).status_code == 404
        assert staff.post(f"/pratiche/{case.pk}/note", {"text": "x"}).status_code == 404
    listing = staff.get("/pratiche/").content.decode()
    assert roads.reference in listing and "Rifiuti" not in listing
    waste.refresh_from_db()
    assert waste.state == "new"
    # Only the URP moves cases between departments
    assert staff.post(f"/pratiche/{roads.pk}/servizio", {"department": town.department("ambiente").pk}).status_code == 404
    geo = staff.get("/pratiche/mappa/segnalazioni.geojson").json()
    assert geo["features"] == []  # no location: not on the map


def test_api_is_404_outside_scope(town, cases):
    roads, waste, elsewhere = cases
    _, token = ApiToken.issue(town.roads)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    listed = client.get("/api/v1/cases?state=open", **auth).json()
    assert [c["reference"] for c in listed] == [roads.reference]
    for case in (waste, elsewhere):
        for path in ("", "/history", "/attachments"):
            assert client.get(f"/api/v1/cases/{case.pk}{path}", **auth).status_code == 404
        response = client.post(f"/api/v1/cases/{case.pk}/state", {"state": "resolved"}, content_type="application/json", **auth)
        assert response.status_code == 404
    assert client.get(f"/api/v1/cases/{roads.pk}", **auth).status_code == 200
