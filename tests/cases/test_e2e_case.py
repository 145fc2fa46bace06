"""End to end through the sandbox over HTTP: a pothole photo and a location become a case, routed to the roads
department, followed to resolution; the citizen hears the reference and the outcome on WhatsApp."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from sportello.api.models import ApiToken
from sportello.cases.models import Case, RoutingSuggestion
from tests.cases.conftest import PHOTO, build_town

pytestmark = pytest.mark.django_db(transaction=True)

CITIZEN = "+393471112233"


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_pothole_from_whatsapp_to_resolution(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    town = build_town(world.municipality)
    world.citizen_sends_media(CITIZEN, "image", PHOTO, "image/jpeg", caption="C'è una buca enorme in via Dante, pericolosa per i motorini")
    world.citizen_sends(CITIZEN, type="location", location={
        "latitude": 39.2238, "longitude": 9.1217, "name": "Via Dante", "address": "Via Dante 10, Cagliari",
    })
    world.settle()

    # The console proposes three departments, roads first.
    suggestion = RoutingSuggestion.objects.get()
    assert suggestion.suggestions[0]["department"] == "strade"
    assert len(suggestion.suggestions) == 3
    conversation = suggestion.conversation

    # The URP operator confirms with one click (the panel's button).
    urp = login(town.urp)
    response = urp.post(f"/conversazioni/{conversation.pk}/pratica/conferma", {"department": "strade"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.department.code, case.category.name) == ("strade", "buche")
    assert (case.latitude, case.longitude) == (39.2238, 9.1217)
    assert case.attachments.get().source.mime_type == "image/jpeg"
    assert mail.outbox[0].to == ["strade@comune.example", "strade1@comune.example"]
    world.settle()
    inbox = world.inbox(CITIZEN)
    assert len(inbox) == 1 and case.reference in inbox[0]["text"]

    # The roads department's staff member (another login) sees it and resolves it.
    roads = login(town.roads)
    assert case.reference in roads.get("/pratiche/").content.decode()
    page = roads.get(f"/pratiche/{case.pk}/")
    assert page.status_code == 200 and "Via Dante 10" in page.content.decode()
    with open(case.attachments.get().source.file.path, "rb") as handle:
        assert handle.read() == PHOTO
    assert roads.post(f"/pratiche/{case.pk}/stato", {"state": "in_progress"}).status_code == 302
    assert roads.post(f"/pratiche/{case.pk}/stato", {"state": "resolved", "note": "Buca chiusa."}).status_code == 302
    case.refresh_from_db()
    assert case.state == "resolved"
    assert list(case.events.filter(kind="state").values_list("to_state", "actor__username")) == [
        ("in_progress", "strade1"), ("resolved", "strade1"),
    ]
    world.settle()
    texts = [m["text"] for m in world.inbox(CITIZEN)]
    assert texts[1] == f"La sua pratica {case.reference} è stata risolta. Buca chiusa. Grazie per la segnalazione."

    # Staff of another department: 404 by URL and by API (over HTTP).
    assert login(town.waste).get(f"/pratiche/{case.pk}/").status_code == 404
    _, token = ApiToken.issue(town.waste)
    api = world.http.get(f"{world.sportello_url}/api/v1/cases/{case.pk}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 404
    _, roads_token = ApiToken.issue(town.roads)
    ok = world.http.get(f"{world.sportello_url}/api/v1/cases/{case.pk}", headers={"Authorization": f"Bearer {roads_token}"})
    assert ok.status_code == 200 and ok.json()["state"] == "resolved"
