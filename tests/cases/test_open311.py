"""Open311 GeoReport v2 conformance: every endpoint, XML (element names per the spec) and JSON, errors."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from sportello.cases import services
from sportello.cases.models import Case, Category, Open311Key

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]
ATTRIBUTE = {
    "code": "DIM", "datatype": "singlevaluelist", "required": True, "description": "Quanto è grande la buca?",
    "values": [{"key": "piccola", "name": "Piccola"}, {"key": "grande", "name": "Grande"}],
}


@pytest.fixture
def api(town):  # type: ignore[no-untyped-def]
    Category.objects.filter(department__municipality=town.municipality, code="buche").update(attributes=[ATTRIBUTE])
    _, key = Open311Key.issue(town.municipality, "CivicApp")
    return Client(), key, f"jurisdiction_id={town.municipality.slug}"


def xml(response):  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def assert_error(response, status: int, fmt: str = "xml") -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    if fmt == "xml":
        root = xml(response)
        assert root.tag == "errors" and [c.tag for c in root] == ["error"]
        assert [c.tag for c in root[0]] == ["code", "description"] and root[0].findtext("code") == str(status)
        return root[0].findtext("description")
    body = response.json()
    assert isinstance(body, list) and set(body[0]) == {"code", "description"} and body[0]["code"] == status
    return body[0]["description"]


def test_service_list(api, town):
    client, _, jur = api
    root = xml(client.get(f"/open311/v2/services.xml?{jur}"))
    assert root.tag == "services" and {c.tag for c in root} == {"service"}
    buche = next(s for s in root if s.findtext("service_code") == "strade-buche")
    assert [c.tag for c in buche] == SERVICE_FIELDS
    assert (buche.findtext("metadata"), buche.findtext("type"), buche.findtext("group")) == ("true", "realtime", "Strade e manutenzione")
    assert "buca" in buche.findtext("keywords")
    services_json = client.get(f"/open311/v2/services.json?{jur}").json()
    assert len(services_json) == len(root)
    lamp = next(s for s in services_json if s["service_code"] == "illuminazione-lampioni-spenti")
    assert list(lamp) == SERVICE_FIELDS and lamp["metadata"] is False
    assert not any(s["group"].startswith("URP") for s in services_json)  # the URP's catch-alls are not reports


def test_service_definition(api):
    client, _, jur = api
    root = xml(client.get(f"/open311/v2/services/strade-buche.xml?{jur}"))
    assert root.tag == "service_definition" and [c.tag for c in root] == ["service_code", "attributes"]
    attribute = root.find("attributes/attribute")
    assert [c.tag for c in attribute] == [
        "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values",
    ]
    assert [(v.findtext("key"), v.findtext("name")) for v in attribute.find("values")] == [("piccola", "Piccola"), ("grande", "Grande")]
    data = client.get(f"/open311/v2/services/strade-buche.json?{jur}").json()
    assert data["service_code"] == "strade-buche" and data["attributes"][0]["required"] is True
    assert data["attributes"][0]["order"] == 1
    assert "nonesiste" in assert_error(client.get(f"/open311/v2/services/nonesiste.xml?{jur}"), 404)


def test_jurisdiction_errors(api, town):
    client, _, _ = api
    # Two municipalities are served here (see the town fixture): jurisdiction_id is required.
    assert "jurisdiction_id" in assert_error(client.get("/open311/v2/services.xml"), 400)
    assert_error(client.get("/open311/v2/services.json?jurisdiction_id=atlantide"), 404, "json")
    town.municipality.website = "https://www.comune.cagliari.it"
    town.municipality.save()
    assert client.get("/open311/v2/services.json?jurisdiction_id=comune.cagliari.it").status_code == 200


def test_post_request_becomes_a_case_in_the_console(api, town, django_capture_on_commit_callbacks):
    from django.core import mail

    client, key, jur = api
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/open311/v2/requests.xml?{jur}", {
            "api_key": key, "service_code": "strade-buche", "lat": "39.2238", "long": "9.1217",
            "address_string": "Via Dante 10", "description": "Buca profonda davanti alla farmacia",
            "email": "mario@example.org", "first_name": "Mario", "media_url": "https://img.example.org/1.jpg",
            "attribute[DIM]": "grande",
        })
    assert response.status_code == 200
    root = xml(response)
    assert root.tag == "service_requests" and [c.tag for c in root[0]] == ["service_request_id", "token", "service_notice", "account_id"]
    reference = root[0].findtext("service_request_id")
    case = Case.objects.get(reference=reference)
    assert (case.source, case.department.code, case.category.code, case.public) == ("open311", "strade", "buche", True)
    assert (case.latitude, case.longitude, case.attributes) == (39.2238, 9.1217, {"DIM": "grande"})
    assert case.reporter["email"] == "mario@example.org"
    assert len(mail.outbox) == 1  # the department is told, as for a chat's case
    # …and it is in the console of the URP and of the department
    for user in (town.urp, town.roads):
        console = Client()
        console.force_login(user)
        assert reference in console.get("/pratiche/").content.decode()

    token = root[0].findtext("token")
    tok = xml(client.get(f"/open311/v2/tokens/{token}.xml?{jur}"))
    assert tok.tag == "service_requests" and [c.tag for c in tok[0]] == ["service_request_id", "token"]
    assert tok[0].findtext("service_request_id") == reference
    assert client.get(f"/open311/v2/tokens/{token}.json?{jur}").json() == [{"service_request_id": reference, "token": token}]
    assert_error(client.get(f"/open311/v2/tokens/nope.json?{jur}"), 404, "json")

    one = xml(client.get(f"/open311/v2/requests/{reference}.xml?{jur}"))
    assert one.tag == "service_requests" and [c.tag for c in one[0]] == REQUEST_FIELDS
    assert (one[0].findtext("status"), one[0].findtext("lat"), one[0].findtext("long")) == ("open", "39.2238", "9.1217")
    assert one[0].findtext("requested_datetime").endswith(("+01:00", "+02:00"))
    assert one[0].findtext("agency_responsible") == "Strade e manutenzione"
    assert one[0].findtext("media_url") == "https://img.example.org/1.jpg"
    services.change_state(case, "resolved", town.roads, note="Riparata")
    data = client.get(f"/open311/v2/requests/{reference}.json?{jur}").json()
    assert list(data[0]) == REQUEST_FIELDS and (data[0]["status"], data[0]["status_notes"]) == ("closed", "Riparata")
    assert_error(client.get(f"/open311/v2/requests/URP-1999-000001.xml?{jur}"), 404)


def test_post_errors(api, town):
    client, key, jur = api
    url = f"/open311/v2/requests.json?{jur}"
    base = {"api_key": key, "service_code": "illuminazione-lampioni-spenti", "lat": "39.2", "long": "9.1"}
    assert "api_key" in assert_error(client.post(url, {**base, "api_key": "sbagliata"}), 403, "json")
    assert_error(client.post(url, {k: v for k, v in base.items() if k != "api_key"}), 403, "json")
    _, other_key = Open311Key.issue(town.outsider.departments.get().municipality, "Altrove")
    assert_error(client.post(url, {**base, "api_key": other_key}), 403, "json")  # a key is for its own town
    assert_error(client.post(url, {**base, "service_code": ""}), 400, "json")
    assert_error(client.post(url, {**base, "service_code": "nonesiste"}), 404, "json")
    assert "Posizione" in assert_error(client.post(url, {"api_key": key, "service_code": base["service_code"]}), 400, "json")
    assert_error(client.post(url, {**base, "lat": "abc"}), 400, "json")
    assert_error(client.post(url, {**base, "lat": "91"}), 400, "json")
    assert_error(client.post(url, {**base, "description": "x" * 4001}), 400, "json")
    assert_error(client.post(url, {**base, "service_code": "strade-buche"}), 400, "json")  # required attribute
    assert_error(client.post(url, {**base, "service_code": "strade-buche", "attribute[DIM]": "enorme"}), 400, "json")
    assert not Case.objects.exists()
    ok = client.post(url, {"api_key": key, "service_code": base["service_code"], "address_string": "Piazza Yenne"})
    assert ok.status_code == 200 and ok.json()[0]["service_request_id"].startswith("URP-")


def test_get_requests_filters_and_privacy(api, town):
    client, _, jur = api
    roads = town.department("strade")
    buche = roads.categories.get(code="buche")
    public = services.open_case(department=roads, category=buche, title="Buca pubblica", public=True, latitude=39.2,
                                longitude=9.1, public_description="Buca sulla carreggiata, segnalata al servizio.")
    services.open_case(department=roads, category=buche, title="Dalla chat: privata")
    done = services.open_case(department=town.department("illuminazione"), title="Lampione", public=True)
    services.change_state(done, "resolved", town.urp)
    root = xml(client.get(f"/open311/v2/requests.xml?{jur}"))
    assert root.tag == "service_requests" and {c.tag for c in root} == {"request"}
    assert {r.findtext("service_request_id") for r in root} == {public.reference, done.reference}
    assert all([c.tag for c in r] == REQUEST_FIELDS for r in root)
    get = lambda q: [r["service_request_id"] for r in client.get(f"/open311/v2/requests.json?{jur}&{q}").json()]
    assert get("status=open") == [public.reference]
    assert get("status=closed") == [done.reference]
    assert get("service_code=strade-buche") == [public.reference]
    assert get(f"service_request_id={done.reference}&status=open") == [done.reference]  # ids win over filters
    assert get("start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z") == []
    assert_error(client.get(f"/open311/v2/requests.xml?{jur}&start_date=ieri"), 400)
    assert_error(client.get(f"/open311/v2/requests.xml?{jur}&status=maybe"), 400)
    private_description = client.get(f"/open311/v2/requests/{public.reference}.json?{jur}").json()[0]["description"]
    # A chat's case shows what an operator wrote for the public: not its title, never the citizen's words.
    assert private_description == "Buca sulla carreggiata, segnalata al servizio."


def test_discovery(api):
    client, _, _ = api
    root = xml(client.get("/open311/v2/discovery.xml"))
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["url"].endswith("/open311/v2/")
