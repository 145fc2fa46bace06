"""The one-page survey behind the signed link: answers, partial answers, refusals, forged and old links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sportello.survey import links
from sportello.survey.models import SurveyInvitation, SurveyResponse
from tests.survey.helpers import conversation, enable

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(number):
    enable(number.account.municipality)
    conv = conversation(number)
    invitation = SurveyInvitation.objects.create(
        municipality=conv.municipality, conversation=conv, citizen=conv.citizen, channel="email", mode="link",
        trigger="conversation_closed",
    )
    invitation.token = links.make_token(invitation.pk)
    invitation.save()
    return invitation


def _url(invitation):
    return f"/questionario/{invitation.token}/"


def test_page_shows_four_questions_as_radio_groups_with_faces(client, invitation):
    response = client.get(_url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<fieldset") == 4 and page.count('type="radio"') == 20
    assert "Come valuta la cortesia del personale?" in page
    assert "(insoddisfatto)" in page and "(né soddisfatto né insoddisfatto)" in page
    assert "style=" not in page  # nothing the strict CSP would block
    assert "Content-Security-Policy" in response.headers


def test_answers_and_comment_are_recorded_then_can_be_changed(client, invitation):
    response = client.post(_url(invitation), {"overall": "4", "waiting_time": "2", "competence": "5",
                                              "courtesy": "5", "comment": "Gentili e rapidi."})
    assert response.status_code == 200
    assert "Grazie per le sue risposte" in response.content.decode()
    saved = SurveyResponse.objects.get()
    assert (saved.overall, saved.waiting_time, saved.competence, saved.courtesy, saved.comment) == (
        4, 2, 5, 5, "Gentili e rapidi.")
    invitation.refresh_from_db()
    assert invitation.state == "answered"
    assert 'value="2" checked' in client.get(_url(invitation)).content.decode()  # the page shows the answers given
    client.post(_url(invitation), {"waiting_time": "3"})  # a later answer within the period replaces the score
    saved.refresh_from_db()
    assert (saved.waiting_time, saved.overall, saved.comment) == (3, 4, "Gentili e rapidi.")


def test_partial_answer_and_empty_submission(client, invitation):
    assert client.post(_url(invitation), {}).status_code == 400
    client.post(_url(invitation), {"overall": "1"})
    invitation.refresh_from_db()
    assert invitation.state == "partial"
    assert SurveyResponse.objects.get().overall == 1


def test_out_of_scale_value_is_refused(client, invitation):
    response = client.post(_url(invitation), {"overall": "9"})
    assert response.status_code == 400
    assert 'aria-describedby="q-overall-error"' in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_decline_from_the_page(client, invitation):
    response = client.post(_url(invitation), {"decline": "1"})
    assert "non le riproporremo" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "declined" and invitation.declined_at is not None


def test_forged_or_other_token_is_refused(client, invitation):
    assert client.get(f"/questionario/{invitation.token[:-2]}xx/").status_code == 404
    forged = links.make_token(invitation.pk + 1)
    assert client.get(f"/questionario/{forged}/").status_code == 404


def test_late_answer_on_the_page_is_closed(client, invitation):
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=8))
    response = client.post(_url(invitation), {"overall": "5"})
    assert response.status_code == 410
    assert not SurveyResponse.objects.exists()
