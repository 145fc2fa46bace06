"""The console pages and the REST API, as the URP and a department use them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from sportello.api.models import ApiToken
from sportello.cases import services
from sportello.cases.models import Case, RoutingSuggestion
from sportello.cases.views import conversation_panel
from tests.cases.conftest import conversation_with


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_panel_offers_three_suggestions_and_one_click_confirm(town):
    conversation = conversation_with(
        town, "Il lampione davanti al civico 12 è spento da una settimana",
        location={"latitude": 39.22, "longitude": 9.11, "address": "Via Roma 12"},
    )
    request = RequestFactory().get("/")
    request.user = town.urp
    context = conversation_panel(request, conversation)
    html = render_to_string("cases/panel.html", {**context, "conversation": conversation, "request": request})
    assert html.count('name="department"') == 3 and 'value="illuminazione"' in html
    request.user = town.roads
    assert conversation_panel(request, conversation) is None  # department staff do not open cases

    response = client_for(town.urp).post(f"/conversazioni/{conversation.pk}/pratica/conferma", {"department": "illuminazione"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pratiche/{case.pk}/"
    assert (case.department.code, case.category.name) == ("illuminazione", "lampioni spenti")
    assert (case.latitude, case.address) == (39.22, "Via Roma 12")
    assert case.messages.count() == 2
    assert RoutingSuggestion.objects.get().confirmed_department.code == "illuminazione"
    page = client_for(town.urp).get(f"/pratiche/{case.pk}/").content.decode()
    assert case.reference in page and "39.220000" in page  # the place (no map tiles by default)


def test_open_form_with_another_department_and_manual_address(town):
    conversation = conversation_with(town, "Vorrei segnalare un problema")
    urp = client_for(town.urp)
    form = urp.get(f"/conversazioni/{conversation.pk}/pratica/nuova")
    assert form.status_code == 200 and "Apri pratica" in form.content.decode()
    message = conversation.messages.get()
    response = urp.post(f"/conversazioni/{conversation.pk}/pratica/nuova", {
        "department": town.department("strade").pk, "messages": [message.pk], "title": "Tombino rotto",
        "address": "Via Dante 3", "latitude": "39.2201", "longitude": "9.1102",
    })
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.title, case.department.code, case.latitude, case.address) == ("Tombino rotto", "strade", 39.2201, "Via Dante 3")
    # Department staff cannot open cases from conversations
    assert client_for(town.roads).get(f"/conversazioni/{conversation.pk}/pratica/nuova").status_code == 404


def test_list_highlights_overdue_and_map_shows_open_reports(town):
    from datetime import timedelta

    from django.utils import timezone

    late = services.open_case(department=town.department("strade"), title="Buca vecchia", latitude=39.2, longitude=9.1,
                              category=town.department("strade").categories.get(code="buche"))
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    services.open_case(department=town.department("ambiente"), title="Rifiuti", latitude=39.3, longitude=9.2)
    closed = services.open_case(department=town.department("strade"), title="Chiusa", latitude=39.1, longitude=9.0)
    services.change_state(closed, "closed", town.urp)
    urp = client_for(town.urp)
    page = urp.get("/pratiche/").content.decode()
    assert "table-danger" in page and "1 pratica scaduta" in page
    features = urp.get("/pratiche/mappa/segnalazioni.geojson").json()["features"]
    assert sorted(f["properties"]["title"] for f in features) == ["Buca vecchia", "Rifiuti"]
    late_feature = next(f for f in features if f["properties"]["title"] == "Buca vecchia")
    assert late_feature["geometry"]["coordinates"] == [9.1, 39.2] and late_feature["properties"]["overdue"]
    by_category = urp.get(f"/pratiche/mappa/segnalazioni.geojson?categoria={late.category_id}").json()["features"]
    assert [f["properties"]["title"] for f in by_category] == ["Buca vecchia"]
    html = urp.get("/pratiche/mappa/").content.decode()
    # No tile server by default (no third party sees where citizens are): the places are listed instead.
    assert "reports-places" in html and "leaflet.js" not in html and "tile.openstreetmap.org" not in html


def test_tile_server_is_configurable(town, settings):
    settings.CASES_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client_for(town.urp).get("/pratiche/mappa/").content.decode()
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html


def test_api_open_act_history_attachments(town):
    conversation = conversation_with(town, "C'è una buca in via Dante")
    _, urp_token = ApiToken.issue(town.urp)
    _, roads_token = ApiToken.issue(town.roads)
    client = Client()
    urp = {"HTTP_AUTHORIZATION": f"Bearer {urp_token}"}
    roads = {"HTTP_AUTHORIZATION": f"Bearer {roads_token}"}
    routing = client.get(f"/api/v1/cases/routing/{conversation.pk}", **urp).json()
    assert routing["suggestions"][0]["department"] == "strade"
    assert client.get(f"/api/v1/cases/routing/{conversation.pk}", **roads).status_code == 404
    message = conversation.messages.get()
    created = client.post("/api/v1/cases", {
        "conversation": conversation.pk, "department": "strade", "category": "buche", "messages": [message.pk],
    }, content_type="application/json", **urp)
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["reference"].startswith("URP-") and case["messages"] == [message.pk] and case["category"] == "buche"
    moved = client.post(f"/api/v1/cases/{case['id']}/state", {"state": "in_progress"}, content_type="application/json", **roads)
    assert moved.json()["state"] == "in_progress"
    bad = client.post(f"/api/v1/cases/{case['id']}/state", {"state": "in_progress"}, content_type="application/json", **roads)
    assert (bad.status_code, bad.json()["code"]) == (409, "same_state")
    note = client.post(f"/api/v1/cases/{case['id']}/notes", {"text": "Sopralluogo domani"}, content_type="application/json", **roads)
    assert note.status_code == 201
    history = client.get(f"/api/v1/cases/{case['id']}/history", **roads).json()
    assert [(e["kind"], e["to_state"], e["actor"]) for e in history if e["kind"] != "notified"] == [
        ("opened", "new", "urp"), ("state", "in_progress", "strade1"), ("note", "", "strade1"),
    ]
    services.add_attachment(Case.objects.get(pk=case["id"]), "foto.jpg", b"\xff\xd8jpeg", "image/jpeg", town.roads)
    attachments = client.get(f"/api/v1/cases/{case['id']}/attachments", **roads).json()
    assert [a["filename"] for a in attachments] == ["foto.jpg"]
    content = client.get(attachments[0]["url"], **roads)
    assert b"".join(content.streaming_content) == b"\xff\xd8jpeg"
    departments = client.get("/api/v1/cases/departments", **roads).json()
    assert [d["code"] for d in departments] == ["strade"]


def test_panel_is_on_the_console_conversation_page(town):
    conversation = conversation_with(town, "Il cassonetto in via Sassari non viene svuotato da giorni")
    page = client_for(town.urp).get(f"/conversazioni/{conversation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/conversazioni/{conversation.pk}/pratica/conferma" in html and 'value="ambiente"' in html
