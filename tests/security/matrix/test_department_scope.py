"""Department staff read and answer only the conversations linked to their departments' cases, in the console and
the API alike, unless the municipality lets them see all (`department_staff_see_all_conversations`)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix.conftest import client_for
from tests.security.matrix.test_api_matrix import _token

pytestmark = pytest.mark.django_db


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_AUTHORIZATION=f"Bearer {_token(user)}")


def test_department_staff_see_only_their_departments_conversations(matrix):
    town = matrix.own
    linked, unlinked = town.objects["conversation"], town.objects["unlinked"]
    staff = client_for(town.users["department"])
    assert staff.get(reverse("console:conversation", args=[linked.pk])).status_code == 200
    for name in ("console:conversation", "console:messages", "console:details"):
        assert staff.get(reverse(name, args=[unlinked.pk])).status_code == 404, name
    assert staff.post(reverse("console:send", args=[unlinked.pk]), {"text": "risposta"}).status_code == 404
    inbox = staff.get(reverse("console:conversation_list"), {"vista": "tutte"}).content.decode()
    assert f"Cittadino {town.marker}" in inbox and f"Altro {town.marker}" not in inbox
    search = staff.get(reverse("console:conversation_list"), {"vista": "tutte", "q": "anagrafe"}).content.decode()
    assert f"Altro {town.marker}" not in search

    api = _api(town.users["department"])
    assert [c["id"] for c in api.get("/api/v1/conversations").json()] == [linked.pk]
    assert api.get(f"/api/v1/conversations/{unlinked.pk}").status_code == 404
    assert api.get(f"/api/v1/conversations/{unlinked.pk}/messages").status_code == 404
    reply = api.post(f"/api/v1/conversations/{unlinked.pk}/messages", {"text": "risposta"},
                     content_type="application/json")
    assert reply.status_code == 404


def test_the_front_office_and_supervisors_see_every_conversation(matrix):
    town = matrix.own
    unlinked = town.objects["unlinked"]
    for role in ("operator", "supervisor"):
        assert client_for(town.users[role]).get(reverse("console:conversation", args=[unlinked.pk])).status_code == 200
        ids = {c["id"] for c in _api(town.users[role]).get("/api/v1/conversations").json()}
        assert ids == {town.objects["conversation"].pk, unlinked.pk}


def test_a_municipality_may_open_every_conversation_to_department_staff(matrix):
    town = matrix.own
    unlinked = town.objects["unlinked"]
    town.municipality.department_staff_see_all_conversations = True
    town.municipality.save(update_fields=["department_staff_see_all_conversations"])
    staff = client_for(town.users["department"])
    assert staff.get(reverse("console:conversation", args=[unlinked.pk])).status_code == 200
    assert len(_api(town.users["department"]).get("/api/v1/conversations").json()) == 2
    # The other town's rule is its own: its department staff still see only their cases' conversations.
    other = matrix.other
    other_staff = client_for(other.users["department"])
    assert other_staff.get(reverse("console:conversation", args=[other.objects["unlinked"].pk])).status_code == 404
