"""The campaigns REST API on the Rimini preset: lists and campaigns answer; a campaign created, approved by a
second user and started through the API reaches its subscribers through the sandbox; errors and scopes."""

from __future__ import annotations


import pytest

from sportello.api.models import ApiToken
from sportello.broadcasts import sender, services
from sportello.broadcasts.models import Campaign, MailingList
from sportello.core.models import AuditEntry
from sportello.municipalities.models import Municipality
from sportello.policies.presets import apply_preset
from tests.sending import run_sender
from tests.broadcasts import helpers as h
from tests.staff import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

WROTE = "+393480000001"  # wrote today: the free form
SILENT = "+393480000002"  # never wrote: the template


def _auth(user, scopes=("read", "write")):
    _, secret = ApiToken.issue(user, scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_rimini_campaign_created_approved_and_started_through_the_api(client, world, monkeypatch):
    monkeypatch.setattr(services, "APPROVAL_THRESHOLD", 1)  # two recipients need a second pair of eyes
    town = world.municipality
    apply_preset("rimini", town)
    h.unlimited(world.number)
    world.citizen_sends_text(WROTE, "Buongiorno")
    world.settle()
    emergencies = MailingList.objects.get(municipality=town, slug="emergenze")
    h.subscribe(emergencies, h.citizen(town, WROTE))
    h.subscribe(emergencies, h.citizen(town, SILENT))
    template = h.template(town)
    anna = _auth(make_staff("anna", town, role="supervisor"))
    sara = _auth(make_staff("sara", town, role="supervisor"))

    lists = client.get("/api/v1/lists", **anna)
    assert lists.status_code == 200
    by_slug = {item["slug"]: item for item in lists.json()}
    assert {"emergenze", "pubblica-utilita"} <= set(by_slug)
    assert by_slug["emergenze"]["subscribers"] == 2 and by_slug["emergenze"]["municipality"] == town.slug
    assert client.get("/api/v1/campaigns", **anna).json() == []

    body = {"title": "Allerta mareggiata", "category": "public_utility", "lists": [emergencies.pk],
            "text": "Mareggiata in arrivo: stare lontani dai moli.", "link": "https://comune.rimini.it/allerta",
            "template": template.pk, "template_params": ["{comune}", "{testo}"]}
    created = client.post("/api/v1/campaigns", body, content_type="application/json", **anna)
    assert created.status_code == 201, created.content
    campaign = created.json()
    assert (campaign["state"], campaign["created_by"], campaign["lists"]) == ("draft", "anna", [emergencies.pk])
    url = f"/api/v1/campaigns/{campaign['id']}"
    assert client.get("/api/v1/campaigns", **anna).json()[0]["id"] == campaign["id"]

    assert client.post(f"{url}/submit", **anna).json()["state"] == "awaiting_approval"
    own = client.post(f"{url}/approve", **anna)
    assert own.status_code == 403 and own.json()["code"] == "not_allowed"  # four eyes
    early = client.post(f"{url}/start", **sara)
    assert early.status_code == 409 and early.json()["details"]["state"] == "awaiting_approval"
    approved = client.post(f"{url}/approve", **sara)
    assert approved.status_code == 200 and approved.json()["approved_by"] == "sara"
    assert approved.json()["state"] == "scheduled"
    started = client.post(f"{url}/start", **sara)
    assert started.status_code == 200 and started.json()["state"] == "sending"
    assert started.json()["recipients_count"] == 2

    run_sender(sender, timeout=30)
    world.settle()
    wrote, silent = world.inbox(WROTE), world.inbox(SILENT)
    assert [m["type"] for m in wrote] == ["text"]
    assert wrote[0]["text"] == "Mareggiata in arrivo: stare lontani dai moli.\n\nhttps://comune.rimini.it/allerta"
    assert [m["type"] for m in silent] == ["template"]

    report = client.get(f"{url}/report", **anna)
    assert report.status_code == 200
    data = report.json()
    assert (data["state"], data["recipients"], data["percent"]) == ("done", 2, 100)
    assert data["reached"]["delivered"] == 2 and data["failures"] == []
    assert [(c["channel"], c["total"]) for c in data["channels"]] == [("whatsapp", 2)]
    assert client.post(f"{url}/cancel", **sara).status_code == 409  # already finished
    actions = set(AuditEntry.objects.filter(target_id=str(campaign["id"])).values_list("action", flat=True))
    assert {"campaign.created", "campaign.submitted", "campaign.approved", "campaign.started"} <= actions


def test_errors_scopes_and_tenancy(client, number):
    town = number.account.municipality
    carla = make_staff("carla", town)
    auth = _auth(carla)
    refused = client.post("/api/v1/lists", {"slug": "nuova", "name": "Nuova"}, content_type="application/json", **auth)
    assert refused.status_code == 403 and refused.json()["code"] == "supervisor_required"
    boss = _auth(make_staff("bice", town, role="supervisor"))
    made = client.post("/api/v1/lists", {"slug": "Eventi estate", "name": "Eventi", "category": "events"},
                       content_type="application/json", **boss)
    assert made.status_code == 201 and made.json()["slug"] == "eventi-estate"
    again = client.post("/api/v1/lists", {"slug": "eventi-estate", "name": "Eventi"}, content_type="application/json", **boss)
    assert again.status_code == 409

    invalid = client.post("/api/v1/campaigns", {"title": "Vuota", "lists": []}, content_type="application/json", **auth)
    assert invalid.status_code == 400 and "lists" in invalid.json()["details"]["fields"]
    bad_template = client.post("/api/v1/campaigns", {"title": "X", "text": "Y", "lists": [made.json()["id"]],
                                                     "template": 999999, "template_params": []},
                               content_type="application/json", **auth)
    assert bad_template.status_code == 400 and bad_template.json()["code"] == "template_not_approved"
    weekly = client.post("/api/v1/campaigns", {"title": "Notizie", "text": "Le notizie della settimana",
                                               "lists": [made.json()["id"]],
                                               "recurrence": {"weekdays": [4], "time": "09:00"}},
                         content_type="application/json", **auth)
    assert weekly.status_code == 201 and weekly.json()["recurrence"] == {"weekdays": [4], "time": "09:00"}

    read_only = _auth(carla, scopes=("read",))
    assert client.get("/api/v1/campaigns", **read_only).status_code == 200
    assert client.post(f"/api/v1/campaigns/{weekly.json()['id']}/submit", **read_only).status_code == 403

    outsider = _auth(make_staff("ugo", Municipality.objects.create(slug="altrove", name="Altrove")))
    assert client.get("/api/v1/lists", **outsider).json() == []
    assert client.get(f"/api/v1/campaigns/{weekly.json()['id']}", **outsider).status_code == 404
    assert client.post(f"/api/v1/campaigns/{weekly.json()['id']}/submit", **outsider).status_code == 404
    assert Campaign.objects.count() == 1

    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/campaigns/{campaign_id}/approve"]["post"]["tags"] == ["campaigns"]
    assert schema["paths"]["/api/v1/lists"]["get"]["tags"] == ["lists"]
