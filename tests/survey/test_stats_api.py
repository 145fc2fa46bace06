"""Satisfaction figures (stats.satisfaction, the shared contract) and the REST API: state changes and the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from sportello.api.models import ApiToken
from sportello.cases.models import Department, DepartmentMembership
from sportello.municipalities.models import StaffMembership
from sportello.survey.models import SurveyInvitation, SurveyResponse
from sportello.survey.stats import satisfaction
from tests.survey.helpers import conversation, enable

pytestmark = pytest.mark.django_db
JUNE = datetime(2026, 6, 10, 10, tzinfo=UTC)


def _response(number, phone, *, channel="whatsapp", department=None, at=JUNE, **scores):
    conv = conversation(number, phone=phone)
    invitation = SurveyInvitation.objects.create(
        municipality=conv.municipality, conversation=conv, citizen=conv.citizen, channel=channel,
        department=department, trigger="conversation_closed", sent_at=at, state="answered",
    )
    if scores:
        SurveyResponse.objects.create(invitation=invitation, municipality=conv.municipality, conversation=conv,
                                      channel=channel, department=department, created_at=at, **scores)
    return invitation


def _town(number):
    return number.account.municipality


def test_satisfaction_per_aspect_with_faces_partial_answers_and_rate(number):
    _response(number, "393330000001", overall=5, waiting_time=1, competence=4, courtesy=3)
    _response(number, "393330000002", overall=2)  # partial: counts for overall only
    _response(number, "393330000003")  # invited, never answered
    figures = satisfaction(_town(number))
    assert (figures["responses"], figures["invitations"], figures["response_rate"]) == (2, 3, 0.6667)
    assert figures["overall"] == {"count": 2, "mean": 3.5, "faces": {"positive": 1, "neutral": 0, "negative": 1}}
    assert figures["waiting_time"] == {"count": 1, "mean": 1.0, "faces": {"positive": 0, "neutral": 0, "negative": 1}}
    assert figures["courtesy"]["faces"] == {"positive": 0, "neutral": 1, "negative": 0}


def test_filters_period_channel_department(number):
    town = _town(number)
    roads = Department.objects.create(municipality=town, code="strade", name="Strade")
    _response(number, "393330000001", overall=5, department=roads)
    _response(number, "393330000002", overall=1, channel="telegram")
    _response(number, "393330000003", overall=3, at=JUNE + timedelta(days=40))
    assert satisfaction(town, department=roads)["overall"]["mean"] == 5.0
    assert satisfaction(town, channel="telegram")["responses"] == 1
    july = satisfaction(town, start=JUNE + timedelta(days=30), end=JUNE + timedelta(days=60))
    assert (july["responses"], july["overall"]["mean"]) == (1, 3.0)
    empty = satisfaction(town, channel="email")
    assert (empty["responses"], empty["response_rate"], empty["overall"]["mean"]) == (0, 0.0, None)


def _token(user, scopes=("read", "write", "reports")):
    _, secret = ApiToken.issue(user, scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _staff(number, username, role="supervisor"):
    user = get_user_model().objects.create_user(username, password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=_town(number), role=role)
    return user


def test_api_close_sends_the_survey_and_reopen(client, number, django_capture_on_commit_callbacks):
    enable(_town(number))
    conv = conversation(number)
    auth = _token(_staff(number, "anna", "operator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/conversations/{conv.pk}/state", {"state": "close"},
                               content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "closed"
    assert SurveyInvitation.objects.get().conversation == conv
    response = client.post(f"/api/v1/conversations/{conv.pk}/state", {"state": "reopen"},
                           content_type="application/json", **auth)
    assert response.json()["state"] == "open"
    bad = client.post(f"/api/v1/conversations/{conv.pk}/state", {"state": "archived"},
                      content_type="application/json", **auth)
    assert bad.status_code == 422


def test_api_state_of_another_towns_conversation_is_404(client, number):
    from tests.conftest import make_number

    other = make_number("99887766", slug="ancona")
    conv = conversation(other, phone="393337777777")
    auth = _token(_staff(number, "anna", "operator"))
    response = client.post(f"/api/v1/conversations/{conv.pk}/state", {"state": "closed"},
                           content_type="application/json", **auth)
    assert response.status_code == 404


def test_api_satisfaction_report_with_filters(client, number):
    town = _town(number)
    roads = Department.objects.create(municipality=town, code="strade", name="Strade")
    _response(number, "393330000001", overall=5, waiting_time=4, competence=4, courtesy=5, department=roads)
    _response(number, "393330000002", overall=2, channel="telegram")
    auth = _token(_staff(number, "sara"))
    body = client.get("/api/v1/reports/satisfaction", {"from": "2026-06-01", "to": "2026-06-30"}, **auth).json()
    assert body["responses"] == 2
    assert set(body) >= {"overall", "waiting_time", "competence", "courtesy", "response_rate"}
    assert body["overall"]["faces"] == {"positive": 1, "neutral": 0, "negative": 1}
    assert client.get("/api/v1/reports/satisfaction", {"to": "2026-06-09"}, **auth).json()["responses"] == 0
    only = client.get("/api/v1/reports/satisfaction", {"department": "strade", "channel": "whatsapp"}, **auth).json()
    assert (only["responses"], only["department"], only["courtesy"]["mean"]) == (1, "strade", 5.0)
    assert "393330000001" not in str(body)


def test_api_satisfaction_needs_the_reports_scope_and_limits_operators_to_their_department(client, number):
    town = _town(number)
    roads = Department.objects.create(municipality=town, code="strade", name="Strade")
    Department.objects.create(municipality=town, code="tributi", name="Tributi")
    _response(number, "393330000001", overall=5, department=roads)
    assert client.get("/api/v1/reports/satisfaction",
                      **_token(_staff(number, "sara"), scopes=("read",))).status_code == 403
    operator = _staff(number, "ugo", "operator")
    auth = _token(operator)
    assert client.get("/api/v1/reports/satisfaction", **auth).status_code == 403  # no department of his
    DepartmentMembership.objects.create(user=operator, department=roads)
    mine = client.get("/api/v1/reports/satisfaction", **auth).json()
    assert (mine["department"], mine["responses"]) == ("strade", 1)
    assert client.get("/api/v1/reports/satisfaction", {"department": "tributi"}, **auth).status_code == 404
