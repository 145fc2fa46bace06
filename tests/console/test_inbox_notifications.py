"""GET /notifiche/: the tab-title counter and the new inbound messages this user may see, names only."""

from __future__ import annotations

import pytest

from sportello.cases.models import Case, Department
from sportello.core.models import AuditEntry
from sportello.cases.models import DepartmentMembership
from tests.console.conftest import incoming, login, make_staff

pytestmark = pytest.mark.django_db


def test_first_call_gives_the_counter_and_a_starting_point_then_new_messages(client, town, operator):
    first = incoming(client, "Buongiorno", phone="393330000001")
    login(client, operator)
    start = client.get("/notifiche/").json()
    assert start["unread"] == 1 and start["new"] == [] and start["last"] > 0
    incoming(client, "Testo riservato del cittadino", phone="393330000002")
    incoming(client, "Un secondo messaggio", phone="393330000001")
    data = client.get(f"/notifiche/?dopo={start['last']}").json()
    assert data["unread"] == 2
    assert [item["conversation"] for item in data["new"]] == [first.pk + 1, first.pk]
    assert data["new"][0]["body"] == "Nuovo messaggio su WhatsApp"
    assert data["new"][0]["url"] == f"/conversazioni/{first.pk + 1}/"
    assert "riservato" not in str(data)  # never the message text on a desktop notification
    assert data["last"] > start["last"]
    assert client.get(f"/notifiche/?dopo={data['last']}").json()["new"] == []
    assert AuditEntry.objects.filter(action="conversation.notified").count() == 1


def test_department_staff_are_told_only_about_conversations_they_can_see(client, town):
    ours = incoming(client, "Per l'anagrafe", phone="393330000001")
    start = 0
    incoming(client, "Per un altro servizio", phone="393330000002")
    registry = Department.objects.create(municipality=town, name="Anagrafe", code="anagrafe")
    Case.objects.create(municipality=town, department=registry, conversation=ours, citizen=ours.citizen,
                        title="Certificato", reference="2026/1", year=2026, number=1)
    clerk = make_staff("dario", town, role="operator")
    DepartmentMembership.objects.create(user=clerk, department=registry)
    login(client, clerk)
    data = client.get(f"/notifiche/?dopo={start}").json()
    assert [item["conversation"] for item in data["new"]] == [ours.pk]
    assert data["unread"] == 1


def test_notifications_need_a_signed_in_operator(client, town):
    assert client.get("/notifiche/").status_code in (302, 403)
