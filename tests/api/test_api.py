"""REST API v1: token auth, tenant scoping, conversations, messages with media links and statuses, sending."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sportello.api.models import ApiToken
from sportello.conversations import ingest
from sportello.conversations.models import Conversation, Message, ServiceWindow
from sportello.core.models import AuditEntry
from sportello.municipalities.models import StaffMembership
from tests.conftest import make_number, post_webhook
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db


def _token_for(number, username="anna"):
    user = get_user_model().objects.create_user(username, password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=number.municipality)
    _, secret = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _conversation(client, text="Buongiorno, a che ora apre l'anagrafe?", phone="393331234567"):
    post_webhook(client, p.body(p.text_message(text, phone=phone)))
    ingest.drain()
    return Conversation.objects.latest("pk")


def test_requires_a_token(client, number):
    assert client.get("/api/v1/conversations").status_code == 401
    assert client.get("/api/v1/conversations", HTTP_AUTHORIZATION="Bearer spt_wrong").status_code == 401


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Sportello API"
    assert {"/api/v1/conversations", "/api/v1/conversations/{conversation_id}/messages"} <= set(schema["paths"])


def test_list_and_read_conversation_with_masked_identity(client, number):
    auth = _token_for(number)
    conversation = _conversation(client)
    listing = client.get("/api/v1/conversations", **auth).json()
    assert [c["id"] for c in listing] == [conversation.pk]
    item = listing[0]
    assert item["citizen"]["name"] == "Maria Rossi"
    assert item["citizen"]["masked_identifier"] == "+39 ••• ••• ••67"
    assert "3331234567" not in str(listing)
    assert item["window_open"] is True and item["unread_count"] == 1
    messages = client.get(f"/api/v1/conversations/{conversation.pk}/messages", **auth).json()
    assert [(m["direction"], m["kind"], m["text"], m["status"]) for m in messages] == [
        ("in", "text", "Buongiorno, a che ora apre l'anagrafe?", "received")
    ]
    assert AuditEntry.objects.filter(action="conversation.read_via_api").count() == 1


def test_send_text_is_queued(client, number):
    auth = _token_for(number)
    conversation = _conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages", {"type": "text", "text": "Apre alle 9."},
        content_type="application/json", **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["direction"], body["status"], body["text"]) == ("out", "queued", "Apre alle 9.")
    assert Message.objects.get(pk=body["id"]).author.username == "anna"


def test_send_outside_window_is_refused_with_template_hint(client, number):
    auth = _token_for(number)
    conversation = _conversation(client)
    ServiceWindow.objects.update(last_inbound_at=timezone.now() - timedelta(hours=25))
    response = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages", {"type": "text", "text": "Risposta tardiva"},
        content_type="application/json", **auth,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "window_closed"
    assert "modello" in response.json()["detail"]
    assert not Message.objects.filter(direction="out").exists()
    template = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"type": "template", "template": {"name": "risposta_urp", "parameters": ["Maria"]}},
        content_type="application/json", **auth,
    )
    assert template.status_code == 201
    assert Message.objects.get(direction="out").payload["components"][0]["parameters"] == [{"type": "text", "text": "Maria"}]


def test_send_document(client, number):
    auth = _token_for(number)
    conversation = _conversation(client)
    pdf = b"%PDF-1.4 test"
    response = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages",
        {"type": "document", "text": "Il modulo", "media": {"filename": "modulo.pdf", "mime_type": "application/pdf",
                                                          "content_base64": base64.b64encode(pdf).decode()}},
        content_type="application/json", **auth,
    )
    assert response.status_code == 201
    attachment = response.json()["attachments"][0]
    assert (attachment["filename"], attachment["size"], attachment["state"]) == ("modulo.pdf", len(pdf), "ready")
    content = client.get(attachment["url"], **auth)
    assert content.status_code == 200 and b"".join(content.streaming_content) == pdf


def test_other_municipality_is_invisible(client, number):
    other = make_number("999888777", slug="ancona")
    conversation_a = _conversation(client)
    auth_b = _token_for(other, username="bruno")
    assert client.get("/api/v1/conversations", **auth_b).json() == []
    assert client.get(f"/api/v1/conversations/{conversation_a.pk}", **auth_b).status_code == 404
    assert client.get(f"/api/v1/conversations/{conversation_a.pk}/messages", **auth_b).status_code == 404
    sent = client.post(
        f"/api/v1/conversations/{conversation_a.pk}/messages", {"type": "text", "text": "x"},
        content_type="application/json", **auth_b,
    )
    assert sent.status_code == 404


def test_createtoken_command(number, capsys):
    from sportello.cli import main

    get_user_model().objects.create_user("carla", password="x" * 12)
    assert main(["createtoken", "carla"]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("spt_") and ApiToken.objects.get().user.username == "carla"
