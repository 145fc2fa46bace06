"""Issue 14: reads of personal data were not all audited (API case and conversation reads, lists, search, map
data). Each page and endpoint below shows a citizen's data: every request to it leaves one audit entry."""

from __future__ import annotations

import pytest
from django.test import Client

from sportello.api.models import ApiToken
from sportello.cases import services
from sportello.core.models import AuditEntry
from tests.cases.conftest import conversation_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(town):  # type: ignore[no-untyped-def]
    conversation = conversation_with(town, "Buca in via Roma")
    case = services.open_case(department=town.department("strade"), title="Buca", conversation=conversation,
                              messages=list(conversation.messages.all()), actor=town.urp, latitude=39.2, longitude=9.1)
    return conversation, case


def _walk(client: Client, urls: list[str], user) -> None:  # type: ignore[no-untyped-def]
    for url in urls:
        before = AuditEntry.objects.count()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        new = AuditEntry.objects.filter(actor=user).order_by("-pk")[: AuditEntry.objects.count() - before]
        assert new, f"{url} shows personal data without an audit entry"


def test_every_console_read_of_personal_data_is_audited(town, data):
    conversation, case = data
    console = Client()
    console.force_login(town.urp)
    _walk(console, [
        "/", "/conversazioni/", "/conversazioni/?q=buca", f"/conversazioni/{conversation.pk}/",
        f"/conversazioni/{conversation.pk}/dettagli/", f"/conversazioni/{conversation.pk}/messaggi/",
        "/pratiche/", "/pratiche/?q=buca", f"/pratiche/{case.pk}/", "/pratiche/mappa/segnalazioni.geojson",
        f"/conversazioni/{conversation.pk}/pratica/nuova",
    ], town.urp)


def test_every_api_read_of_personal_data_is_audited(town, data):
    conversation, case = data
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(town.urp)[1]}")
    _walk(api, [
        "/api/v1/conversations", f"/api/v1/conversations/{conversation.pk}",
        f"/api/v1/conversations/{conversation.pk}/messages", "/api/v1/cases", f"/api/v1/cases/{case.pk}",
        f"/api/v1/cases/{case.pk}/history", f"/api/v1/cases/{case.pk}/attachments",
        f"/api/v1/cases/routing/{conversation.pk}",
    ], town.urp)
    entry = AuditEntry.objects.filter(action="case.read_via_api").get()
    assert entry.data["ids"] == {"case_id": case.pk} and entry.actor == town.urp


def test_one_entry_per_request_not_per_row(town, data):
    for i in range(5):
        conversation_with(town, f"Richiesta {i}")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(town.urp)[1]}")
    before = AuditEntry.objects.count()
    assert len(api.get("/api/v1/conversations").json()) >= 1
    assert AuditEntry.objects.count() - before == 1


def test_admin_pages_are_audited(town, data):
    from django.contrib.auth import get_user_model

    from tests.staff import signed_in

    admin = get_user_model().objects.create_superuser("amministratore", "a@comune.example", "x" * 12)
    browser = signed_in(admin)  # past the second factor the admin requires
    conversation, _case = data
    _walk(browser, ["/admin/citizens/citizen/", f"/admin/conversations/conversation/{conversation.pk}/change/"], admin)
    assert AuditEntry.objects.filter(action="admin.viewed", actor=admin).count() == 2
