"""The survey's rules: who is invited and how, once per conversation, never blocked or snoozed citizens, the
WhatsApp window and its template, and what partial, repeated, late and refused answers do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from sportello.cases import services as case_services
from sportello.cases.models import Department
from sportello.connectors.whatsapp.models import MessageTemplate
from sportello.console import services as console_services
from sportello.conversations import ingest
from sportello.conversations.models import Conversation, Message
from sportello.survey.models import SurveyInvitation, SurveyResponse
from tests.conftest import post_webhook
from tests.survey.helpers import conversation, enable, tap, typed

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(number):
    from tests.staff import make_staff

    return make_staff("anna", number.account.municipality)


def close(conv, actor, capture):
    with capture(execute=True):
        console_services.set_state(conv, "closed", actor)


def test_closing_sends_the_first_question_as_a_list_with_five_scores_and_no(number, operator,
                                                                             django_capture_on_commit_callbacks):
    enable(number.account.municipality)
    conv = conversation(number)
    close(conv, operator, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get()
    assert (invitation.mode, invitation.state, invitation.channel, invitation.operator) == (
        "chat", "sent", "whatsapp", operator)
    question = Message.objects.get(conversation=conv, direction="out")
    interactive = question.payload["interactive"]
    assert interactive["type"] == "list"
    assert interactive["header"] == {"type": "text", "text": "Domanda 1 di 4"}
    assert "Nel complesso, quanto è soddisfatto del servizio ricevuto?" in interactive["body"]["text"]
    rows = interactive["action"]["sections"][0]["rows"]
    assert [r["id"] for r in rows] == [f"sv:{invitation.pk}:0:{s}" for s in (5, 4, 3, 2, 1)] + [f"sv:{invitation.pk}:no"]
    assert [r["title"] for r in rows] == ["🙂 5 · Ottimo", "🙂 4 · Buono", "😐 3 · Sufficiente", "🙁 2 · Scarso",
                                          "🙁 1 · Pessimo", "No, grazie"]
    assert all(len(r["title"]) <= 24 for r in rows)
    conv.refresh_from_db()
    assert conv.state == "closed"  # asking the survey does not reopen it


def test_survey_off_sends_nothing(number, operator, django_capture_on_commit_callbacks):
    enable(number.account.municipality, enabled=False)
    close(conversation(number), operator, django_capture_on_commit_callbacks)
    assert not SurveyInvitation.objects.exists()
    assert not Message.objects.filter(direction="out").exists()


def test_at_most_once_per_conversation(number, operator, django_capture_on_commit_callbacks):
    municipality = number.account.municipality
    enable(municipality)
    conv = conversation(number)
    close(conv, operator, django_capture_on_commit_callbacks)
    console_services.set_state(conv, "open", operator)
    close(conv, operator, django_capture_on_commit_callbacks)
    assert SurveyInvitation.objects.count() == 1
    assert Message.objects.filter(direction="out", kind="interactive").count() == 1


def test_a_resolved_case_invites_once_with_its_department(number, operator, django_capture_on_commit_callbacks):
    municipality = number.account.municipality
    enable(municipality)
    conv = conversation(number)
    department = Department.objects.create(municipality=municipality, code="strade", name="Strade")
    from sportello.cases.models import Case

    case = Case.objects.create(municipality=municipality, reference="2026/1", year=2026, number=1,
                               department=department, conversation=conv, citizen=conv.citizen, title="Buca",
                               state="in_progress")
    with django_capture_on_commit_callbacks(execute=True):
        case_services.change_state(case, "resolved", operator, notify_citizen=False)
    invitation = SurveyInvitation.objects.get()
    assert (invitation.trigger, invitation.case, invitation.department) == ("case_resolved", case, department)
    close(conv, operator, django_capture_on_commit_callbacks)  # later closing: still the one invitation
    assert SurveyInvitation.objects.count() == 1


def test_never_to_a_blocked_citizen(number, operator, django_capture_on_commit_callbacks):
    enable(number.account.municipality)
    conv = conversation(number)
    conv.citizen.blocked_at = timezone.now()
    conv.citizen.save()
    close(conv, operator, django_capture_on_commit_callbacks)
    assert not SurveyInvitation.objects.exists()


def test_never_to_a_citizen_who_restricted_processing(number, operator, django_capture_on_commit_callbacks):
    from sportello.privacy.services import lift_restriction, restrict_processing

    enable(number.account.municipality)
    conv = conversation(number)
    restrict_processing(conv.citizen, actor=operator, reason="art. 18")
    close(conv, operator, django_capture_on_commit_callbacks)
    assert not SurveyInvitation.objects.exists()
    lift_restriction(conv.citizen, actor=operator)
    conv.state = "open"
    conv.save()
    close(conv, operator, django_capture_on_commit_callbacks)
    assert SurveyInvitation.objects.count() == 1


def test_outside_the_window_only_the_approved_template_with_the_link(number, operator,
                                                                     django_capture_on_commit_callbacks):
    enable(number.account.municipality, template_name="sondaggio_gradimento")
    MessageTemplate.objects.create(account=number.account, name="sondaggio_gradimento", language="it",
                                   body="Grazie per aver contattato l'URP. Risponda qui: {{1}} Grazie.",
                                   status=MessageTemplate.Status.APPROVED)
    conv = conversation(number, window=False)
    close(conv, operator, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get()
    assert (invitation.mode, invitation.state) == ("template", "sent")
    [sent] = Message.objects.filter(direction="out")
    assert (sent.kind, sent.payload["name"]) == ("template", "sondaggio_gradimento")
    [parameter] = sent.payload["components"][0]["parameters"]
    assert parameter["text"].endswith(f"/questionario/{invitation.token}/")


def test_outside_the_window_without_an_approved_template_nothing_goes_and_the_reason_is_kept(
        number, operator, django_capture_on_commit_callbacks):
    enable(number.account.municipality, template_name="sondaggio_gradimento")
    MessageTemplate.objects.create(account=number.account, name="sondaggio_gradimento", language="it",
                                   body="… {{1}} …", status=MessageTemplate.Status.PENDING)
    close(conversation(number, window=False), operator, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get()
    assert invitation.state == "failed"
    assert invitation.problem.startswith("no_survey_template:")
    assert not Message.objects.filter(direction="out").exists()


def _invited(number, operator, capture, **conf):
    enable(number.account.municipality, **conf)
    conv = conversation(number)
    close(conv, operator, capture)
    return conv, SurveyInvitation.objects.get(conversation=conv)


def _reply(client, body):
    post_webhook(client, body)
    ingest.drain()


def test_tapped_answers_record_the_four_aspects_in_order(client, number, operator,
                                                         django_capture_on_commit_callbacks):
    conv, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    for step, score in enumerate((5, 2, 4, 3)):
        _reply(client, tap(f"sv:{invitation.pk}:{step}:{score}"))
    response = SurveyResponse.objects.get()
    assert (response.overall, response.waiting_time, response.competence, response.courtesy) == (5, 2, 4, 3)
    assert (response.channel, response.operator, response.conversation) == ("whatsapp", operator, conv)
    invitation.refresh_from_db()
    assert (invitation.state, invitation.step) == ("answered", 4)
    outbound = list(Message.objects.filter(direction="out").order_by("pk"))
    assert [m.payload.get("interactive", {}).get("header", {}).get("text") for m in outbound[:4]] == [
        "Domanda 1 di 4", "Domanda 2 di 4", "Domanda 3 di 4", "Domanda 4 di 4"]
    assert outbound[4].kind == "text" and invitation.token in outbound[4].text  # thanks + the comment link
    # Answers never became conversation messages, reopened the conversation or opened another one.
    assert not Message.objects.filter(direction="in").exists()
    assert Conversation.objects.get().state == "closed"


def test_partial_answers_count(client, number, operator, django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, tap(f"sv:{invitation.pk}:0:4"))
    invitation.refresh_from_db()
    response = SurveyResponse.objects.get()
    assert (invitation.state, invitation.step) == ("partial", 1)
    assert (response.overall, response.waiting_time) == (4, None)


def test_typed_score_answers_the_question_asked(client, number, operator, django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, typed("4"))
    _reply(client, typed(" 2 "))
    response = SurveyResponse.objects.get()
    assert (response.overall, response.waiting_time, response.competence) == (4, 2, None)


def test_ordinary_text_during_a_survey_is_an_ordinary_message(client, number, operator,
                                                             django_capture_on_commit_callbacks):
    _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, typed("Buongiorno, ho un'altra domanda sulla TARI"))
    assert Message.objects.filter(direction="in").count() == 1
    assert Conversation.objects.get().state == "open"
    assert not SurveyResponse.objects.exists()


def test_repeated_answer_replaces_the_score_and_does_not_ask_again(client, number, operator,
                                                                   django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, tap(f"sv:{invitation.pk}:0:2"))
    _reply(client, tap(f"sv:{invitation.pk}:0:5"))  # the citizen changes their mind on the first question
    assert SurveyResponse.objects.get().overall == 5
    assert Message.objects.filter(direction="out", kind="interactive").count() == 2  # question 1, question 2


def test_a_redelivered_webhook_changes_nothing(client, number, operator, django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    body = tap(f"sv:{invitation.pk}:0:2", message_id="wamid.SAME")
    _reply(client, body)
    _reply(client, tap(f"sv:{invitation.pk}:1:3"))
    _reply(client, body)  # Meta retries the first tap
    invitation.refresh_from_db()
    assert invitation.step == 2
    assert Message.objects.filter(direction="out", kind="interactive").count() == 3


def test_a_late_answer_is_ignored_and_the_invitation_expires(client, number, operator,
                                                             django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks, answer_days=7)
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=8))
    _reply(client, tap(f"sv:{invitation.pk}:0:5"))
    invitation.refresh_from_db()
    assert invitation.state == "expired"
    assert not SurveyResponse.objects.exists()
    assert not Message.objects.filter(direction="in").exists()  # still taken by the survey, not a new request


def test_someone_elses_survey_id_is_an_ordinary_message(client, number, operator,
                                                        django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, tap(f"sv:{invitation.pk}:0:1", phone="393339999999"))
    assert not SurveyResponse.objects.exists()
    assert Message.objects.filter(direction="in").count() == 1


def test_no_once_means_not_asked_again_for_snooze_days(client, number, operator,
                                                       django_capture_on_commit_callbacks):
    conv, invitation = _invited(number, operator, django_capture_on_commit_callbacks, snooze_days=30)
    _reply(client, tap(f"sv:{invitation.pk}:no"))
    invitation.refresh_from_db()
    assert invitation.state == "declined"
    assert Message.objects.filter(direction="out", kind="text").last().text.startswith("Va bene")
    _reply(client, tap(f"sv:{invitation.pk}:0:5"))  # a tap on the old list after saying no: ignored
    assert not SurveyResponse.objects.exists()
    second = Conversation.objects.create(municipality=conv.municipality, account=conv.account, citizen=conv.citizen)
    close(second, operator, django_capture_on_commit_callbacks)
    assert SurveyInvitation.objects.count() == 1  # snoozed
    SurveyInvitation.objects.filter(pk=invitation.pk).update(declined_at=timezone.now() - timedelta(days=31))
    third = Conversation.objects.create(municipality=conv.municipality, account=conv.account, citizen=conv.citizen)
    close(third, operator, django_capture_on_commit_callbacks)
    assert SurveyInvitation.objects.filter(conversation=third).exists()


def test_typed_no_declines(client, number, operator, django_capture_on_commit_callbacks):
    _, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    _reply(client, typed("No grazie"))
    invitation.refresh_from_db()
    assert invitation.state == "declined"


def test_a_blocked_citizens_taps_take_the_usual_way(client, number, operator, django_capture_on_commit_callbacks):
    conv, invitation = _invited(number, operator, django_capture_on_commit_callbacks)
    conv.citizen.blocked_at = timezone.now()
    conv.citizen.save()
    _reply(client, tap(f"sv:{invitation.pk}:0:5"))
    assert not SurveyResponse.objects.exists()


def test_operator_is_the_assignee_when_the_close_has_no_staff_actor(number, django_capture_on_commit_callbacks):
    enable(number.account.municipality)
    conv = conversation(number)
    assignee = get_user_model().objects.create_user("bruno")
    Conversation.objects.filter(pk=conv.pk).update(assigned_to=assignee)
    conv.refresh_from_db()
    close(conv, None, django_capture_on_commit_callbacks)
    assert SurveyInvitation.objects.get().operator == assignee


def test_email_gets_the_signed_link_not_choices_to_write_back(number, operator, django_capture_on_commit_callbacks):
    from sportello.citizens.identity import SenderIdentity, resolve_citizen
    from sportello.connectors.email.setup import ensure_mailbox

    municipality = number.account.municipality
    enable(municipality)
    mailbox = ensure_mailbox(municipality, address="urp@comune.test", smtp_url="smtp://127.0.0.1:9")
    citizen = resolve_citizen(municipality, SenderIdentity(email="lucia@example.test"))
    conv = Conversation.objects.create(municipality=municipality, account=mailbox.account, citizen=citizen)
    close(conv, operator, django_capture_on_commit_callbacks)
    invitation = SurveyInvitation.objects.get()
    assert (invitation.mode, invitation.channel, invitation.state) == ("link", "email", "sent")
    [sent] = Message.objects.filter(direction="out")
    assert sent.kind == "text"
    assert sent.text.startswith("Grazie per aver contattato l'")
    assert sent.text.endswith(f"/questionario/{invitation.token}/")


def test_an_ordinary_message_costs_the_survey_step_no_query(number, django_assert_num_queries):
    from types import SimpleNamespace

    from sportello.survey.services import parse_reply

    conv = conversation(number)
    inbound = SimpleNamespace(kind="text", text="Buongiorno, a che ora apre l'anagrafe?", payload={})
    with django_assert_num_queries(0):
        assert parse_reply(inbound, conv.citizen, conv.account) is None
