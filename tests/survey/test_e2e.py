"""Acceptance, end to end through the sandbox on the Livorno preset: an operator closes a conversation through the
REST API; the citizen receives the survey (WhatsApp list, Telegram inline keyboard, e-mail link); answering all
four questions records them; /api/v1/reports/satisfaction shows the response with the four aspects."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model

from sportello.api.models import ApiToken
from sportello.connectors.email import poller
from sportello.conversations.models import Conversation, Message
from sportello.municipalities.models import StaffMembership
from sportello.policies.presets import apply_preset
from sportello.survey.models import SurveyInvitation, SurveyResponse
from tests.email.conftest import CITIZEN as MAIL_CITIZEN
from tests.email.conftest import URP, make_mailbox  # noqa: F401  (a fixture of tests/email)
from tests.email.test_roundtrip import mail, read

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = "+393205556677"
ASPECTS = ("overall", "waiting_time", "competence", "courtesy")


@pytest.fixture
def livorno(world, settings):
    settings.SITE_URL = world.sportello_url  # the survey link must reach this test's server
    apply_preset("livorno", world.municipality)
    user = get_user_model().objects.create_user("operatrice", password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=world.municipality, role="supervisor")
    _, token = ApiToken.issue(user, scopes=("read", "write", "reports"))
    return {"Authorization": f"Bearer {token}"}


def _close(world, headers, conversation):
    response = world.http.post(f"{world.sportello_url}/api/v1/conversations/{conversation.pk}/state",
                               json={"state": "closed"}, headers=headers)
    assert response.status_code == 200, response.text
    world.settle()


def _report(world, headers, **params):
    response = world.http.get(f"{world.sportello_url}/api/v1/reports/satisfaction", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _rows(item):
    return [row for section in item["list"]["sections"] for row in section["rows"]]


def test_whatsapp_survey_as_a_list(world, livorno):
    world.citizen_sends_text(PHONE, "Buongiorno, dove si paga la TARI?")
    world.settle()
    conversation = Conversation.objects.get()
    before = len(world.inbox(PHONE))
    _close(world, livorno, conversation)
    scores = (5, 3, 4, 2)
    for step, score in enumerate(scores):
        inbox = world.inbox(PHONE)
        question = inbox[-1]
        assert question["list"]["button"] == "Rispondi"
        rows = _rows(question)
        assert [r["title"] for r in rows][:5] == ["🙂 5 · Ottimo", "🙂 4 · Buono", "😐 3 · Sufficiente",
                                                  "🙁 2 · Scarso", "🙁 1 · Pessimo"]
        assert rows[-1]["title"] == "No, grazie"
        row = rows[5 - score]
        world.citizen_sends(PHONE, type="interactive",
                            interactive={"type": "list_reply", "id": row["id"], "title": row["title"]},
                            context={"message_id": question["id"]})
        world.settle()
    inbox = world.inbox(PHONE)
    assert len(inbox) == before + 5  # four questions and the thanks
    assert "Grazie per le sue risposte" in inbox[-1]["text"]
    response = SurveyResponse.objects.get()
    assert [getattr(response, a) for a in ASPECTS] == list(scores)
    assert SurveyInvitation.objects.get().state == "answered"
    assert Conversation.objects.get().state == "closed"
    assert not Message.objects.filter(direction="in", kind="interactive").exists()

    report = _report(world, livorno, channel="whatsapp")
    assert report["responses"] == 1 and report["invitations"] == 1
    assert {a: report[a]["mean"] for a in ASPECTS} == dict(zip(ASPECTS, map(float, scores)))
    assert report["waiting_time"]["faces"] == {"positive": 0, "neutral": 1, "negative": 0}


def test_telegram_survey_as_an_inline_keyboard(world, livorno):
    user = "Giulia Pala"
    world.telegram_user_sends_text(user, "Buongiorno, quando apre l'anagrafe?")
    world.settle()
    conversation = Conversation.objects.get()
    assert conversation.account.channel == "telegram"
    _close(world, livorno, conversation)
    scores = (4, 4, 5, 1)
    for score in scores:
        question = world.telegram_inbox(user)[-1]
        buttons = [row[0] for row in question["buttons"]]
        assert [b["text"] for b in buttons] == ["🙂 5 · Ottimo", "🙂 4 · Buono", "😐 3 · Sufficiente",
                                                "🙁 2 · Scarso", "🙁 1 · Pessimo", "No, grazie"]
        world.telegram_user_taps(user, question["message_id"], buttons[5 - score]["data"])
        world.settle()
    assert "Grazie per le sue risposte" in world.telegram_inbox(user)[-1]["text"]
    response = SurveyResponse.objects.get()
    assert [getattr(response, a) for a in ASPECTS] == list(scores)
    report = _report(world, livorno, channel="telegram")
    assert report["responses"] == 1
    assert {a: report[a]["count"] for a in ASPECTS} == dict.fromkeys(ASPECTS, 1)
    assert report["courtesy"]["faces"]["negative"] == 1


def _has_link(raw: bytes) -> bool:
    return "/questionario/" in read(raw).get_content()


def test_email_survey_by_signed_link(world, livorno, mailserver, make_mailbox):  # noqa: F811  (the fixture)
    mailbox = make_mailbox(world.municipality)  # a first-time sender, out of Livorno's office hours
    mailserver.deliver(mail("Buongiorno, vorrei sapere gli orari dell'URP.", "Orari", "<s1@example.test>"),
                       sender=MAIL_CITIZEN, recipients=[URP])
    deadline = time.monotonic() + 15
    while not poller.poll_once(mailbox):  # the worker's IMAP read, once, here (delivery is asynchronous)
        assert time.monotonic() < deadline, "the mail never reached the URP mailbox"
        time.sleep(0.2)
    world.settle()
    conversation = Conversation.objects.get()
    assert conversation.account.channel == "email"
    _close(world, livorno, conversation)
    # Out of Livorno's office hours the citizen also got the automatic reply: the survey is the mail with the link.
    received = mailserver.wait_for(MAIL_CITIZEN, lambda found: any(_has_link(raw) for _uid, raw, _f in found))
    [body] = [read(raw).get_content() for _uid, raw, _f in received if _has_link(raw)]
    assert "Può rispondere a quattro brevi domande a questa pagina:" in body
    [link] = re.findall(r"https?://\S+/questionario/\S+/", body)
    page = world.http.get(link)
    assert page.status_code == 200 and page.text.count('type="radio"') == 20
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answered = world.http.post(link, data={"csrfmiddlewaretoken": csrf, "overall": "3", "waiting_time": "5",
                                           "competence": "4", "courtesy": "4", "comment": "Tutto chiaro."})
    assert answered.status_code == 200, answered.text
    assert "Grazie per le sue risposte" in answered.text
    response = SurveyResponse.objects.get()
    assert ([getattr(response, a) for a in ASPECTS], response.channel) == ([3, 5, 4, 4], "email")
    assert SurveyInvitation.objects.get().mode == "link"
    report = _report(world, livorno, channel="email")
    assert report["responses"] == 1
    assert {a: report[a]["mean"] for a in ASPECTS} == {"overall": 3.0, "waiting_time": 5.0, "competence": 4.0,
                                                        "courtesy": 4.0}
