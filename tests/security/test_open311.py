"""Issue 14, Open311: errors in GeoReport's own format (never 500), XML always well-formed, and a case opened from a
chat publishing only what an operator wrote for the public."""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from sportello.cases.models import Case, Category, Open311Key
from tests.cases.conftest import conversation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(town):  # type: ignore[no-untyped-def]
    _, key = Open311Key.issue(town.municipality, "CivicApp")
    return Client(), key, f"jurisdiction_id={town.municipality.slug}"


def _error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root[0].findtext("code") == str(status)
    return root[0].findtext("description")


def _post(client, key, jur, **fields):  # type: ignore[no-untyped-def]
    data = {"api_key": key, "service_code": "strade-buche", "lat": "39.2238", "long": "9.1217", **fields}
    return client.post(f"/open311/v2/requests.xml?{jur}", data)


@pytest.mark.parametrize("date", ["2025-02-30T10:00:00+01:00", "2025-13-01T00:00:00Z", "2025-01-01T25:00:00Z"])
def test_an_impossible_date_is_a_georeport_400(api, date):
    client, _, jur = api
    assert "start_date" in _error(client.get(f"/open311/v2/requests.xml?{jur}&{urlencode({'start_date': date})}"), 400)
    response = client.get(f"/open311/v2/requests.json?{jur}&{urlencode({'end_date': date})}")
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_a_nul_byte_is_a_georeport_400(api):
    client, key, jur = api
    _error(client.get(f"/open311/v2/requests.xml?{jur}&service_request_id=2025-1%00"), 400)
    _error(client.get(f"/open311/v2/requests.xml?{jur}&status=open%00"), 400)
    _error(_post(client, key, jur, description="Buca\x00 profonda"), 400)
    _error(_post(client, key, jur, description="Buca", address_string="Via\x00 Roma"), 400)
    assert not Case.objects.exists()


def test_control_characters_never_make_the_xml_ill_formed(api, town):
    client, key, jur = api
    posted = _post(client, key, jur, description="Buca\x01 pericolosa\x0b\x1b[31m davanti\ufffe alla scuola")
    assert posted.status_code == 200, posted.content
    Category.objects.filter(department__municipality=town.municipality, code="buche").update(name="Buche\x07\x08")
    listed = ET.fromstring(client.get(f"/open311/v2/requests.xml?{jur}").content)
    assert listed[0].findtext("description") == "Buca pericolosa[31m davanti alla scuola"
    services_xml = ET.fromstring(client.get(f"/open311/v2/services.xml?{jur}").content)
    assert "Buche" in [s.findtext("service_name") for s in services_xml]


def test_a_case_from_a_chat_publishes_only_the_operators_public_text(api, town):
    client, _, jur = api
    words = "Sono Maria Rossi di via Dante 3, mio figlio è caduto nella buca, chiamatemi al 3471112233"
    conversation = conversation_with(town, words)
    console = Client()
    console.force_login(town.urp)
    department = town.department("strade")
    # No title given: the console proposes the citizen's words as the internal subject. Published anyway.
    console.post(f"/conversazioni/{conversation.pk}/pratica/nuova", {"department": department.pk, "public": "1"})
    console.post(f"/conversazioni/{conversation.pk}/pratica/nuova", {
        "department": department.pk, "public": "1", "title": "Buca in via Dante",
        "public_description": "Buca sulla carreggiata in via Dante, segnalata al servizio strade.",
    })
    cases = Case.objects.filter(conversation=conversation).order_by("pk")
    assert len(cases) == 2 and all(c.public for c in cases)
    published = client.get(f"/open311/v2/requests.json?{jur}").json()
    assert {r["service_request_id"] for r in published} == {c.reference for c in cases}
    text = str(published)
    assert "Maria" not in text and "3471112233" not in text and "figlio" not in text
    by_reference = {r["service_request_id"]: r["description"] for r in published}
    assert by_reference[cases[0].reference] == ""
    assert by_reference[cases[1].reference] == "Buca sulla carreggiata in via Dante, segnalata al servizio strade."


def test_open311_post_is_rate_limited_per_address_and_per_key(api, town, settings):
    client, key, jur = api
    settings.SPORTELLO_RATE_LIMITS = {"open311-post": {"address": "4/h", "account": "2/h"}}
    assert _post(client, key, jur, description="Prima").status_code == 200
    assert _post(client, key, jur, description="Seconda").status_code == 200
    refused = _post(client, key, jur, description="Terza")
    _error(refused, 429)
    assert 0 < int(refused["Retry-After"]) <= 3600
    _, other_key = Open311Key.issue(town.municipality, "AltraApp")
    assert _post(client, other_key, jur, description="Altra app").status_code == 200  # the address: 4th of 4
    assert _post(Client(REMOTE_ADDR="10.9.9.9"), other_key, jur, description="Altrove").status_code == 200
    _error(_post(client, other_key, jur, description="Quarta dallo stesso indirizzo"), 429)
    assert Case.objects.count() == 4
