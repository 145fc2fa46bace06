"""Phone calls and desk visits: the connector refuses to send, recording makes a conversation, a case opens from it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sportello.cases.models import Case, CaseAttachment
from sportello.citizens.identity import index_for
from sportello.citizens.models import Citizen, Identity
from sportello.connectors.base import CampaignItem, TransportError, UnparseableBody
from sportello.connectors.desk import services
from sportello.connectors.desk.accounts import account_for_channel
from sportello.connectors.registry import get_connector
from sportello.conversations import outbox
from sportello.conversations.models import Conversation, Message
from sportello.core.models import AuditEntry
from sportello.municipalities.models import ChannelAccount
from tests.cases.conftest import build_town, conversation_with
from tests.staff import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def town(number):  # type: ignore[no-untyped-def]
    return build_town(number.account.municipality)


def _record(town, **kw):  # type: ignore[no-untyped-def]
    args = {"municipality": town.municipality, "channel": "phone", "actor": town.urp,
            "question": "A che ora apre l'anagrafe il sabato?", "answer": "Il sabato dalle 9 alle 12."}
    args.update(kw)
    return services.record_contact(**args)


# The connector -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, label", [("phone", "Telefono"), ("desk", "Sportello fisico")])
def test_connector_registered_for_both_channels_and_sends_nothing(town, kind, label):
    connector = get_connector(kind)
    assert connector.channel == kind and str(connector.label) == label
    account = account_for_channel(town.municipality, kind)
    citizen = Citizen.objects.create(municipality=town.municipality)
    check = connector.check_send(account, citizen, "text")
    assert (check.allowed, check.code) == (False, "not_deliverable")
    assert "non si può inviare nulla" in check.reason
    message = Message(conversation=Conversation(account=account, citizen=citizen), direction="out", kind="text")
    with pytest.raises(TransportError) as error:
        connector.send(account, message)
    assert error.value.permanent is True
    outcomes = connector.send_many(account, [CampaignItem(7, 1, citizen, "free", {"text": "x"})])
    assert [(o.delivery_id, o.state) for o in outcomes] == [(7, "failed")] and outcomes[0].error_title
    with pytest.raises(UnparseableBody):
        connector.parse(b"{}")
    assert connector.mark_read(account, message) is None
    assert connector.account_for(str(account.pk)) == account
    assert connector.account_for("nope") is None
    other_kind = "desk" if kind == "phone" else "phone"
    assert get_connector(other_kind).account_for(str(account.pk)) is None


def test_accounts_are_created_once_per_municipality_and_channel(town):
    first = account_for_channel(town.municipality, "desk")
    assert account_for_channel(town.municipality, "desk") == first
    assert ChannelAccount.objects.filter(municipality=town.municipality, channel="desk").count() == 1
    assert first.label == "Sportello fisico"
    with pytest.raises(ValueError):
        account_for_channel(town.municipality, "whatsapp")


# Recording -----------------------------------------------------------------------------------------------------

def test_recording_a_call_of_a_new_citizen(town):
    when = timezone.now().replace(microsecond=0) - timezone.timedelta(minutes=30)
    contact = _record(town, name="Maria Rossi", phone="+39 347 111 2233", email="Maria.Rossi@Example.it", when=when)
    conv = contact.conversation
    assert conv.account.channel == "phone" and conv.municipality == town.municipality
    assert conv.state == "closed" and conv.waiting_since is None and conv.assigned_to == town.urp
    citizen = conv.citizen
    assert contact.citizen_created and citizen.display_name == "Maria Rossi"
    identities = {i.kind: i for i in citizen.identities.all()}
    # Encrypted at rest, found by blind index, masked for operators.
    assert identities["phone"].value == "+393471112233"
    assert identities["phone"].value_index == index_for("phone", "+393471112233")
    assert identities["phone"].masked == "+39 ••• ••• ••33"
    assert identities["email"].value == "maria.rossi@example.it" and identities["email"].masked == "m•••@example.it"
    question = conv.messages.get(direction="in")
    answer = conv.messages.get(direction="out")
    assert (question.text, question.sent_at, question.status) == ("A che ora apre l'anagrafe il sabato?", when, "received")
    assert (answer.text, answer.status, answer.author) == ("Il sabato dalle 9 alle 12.", "delivered", town.urp)
    assert answer.payload["recorded"] is True and answer.next_attempt_at is None
    entry = AuditEntry.objects.get(action="desk.contact_recorded")
    assert entry.target_id == str(conv.pk) and entry.data["channel"] == "phone" and entry.data["citizen_created"]
    assert "347" not in str(entry.data)
    # The outbox never picks up a recorded answer: nothing goes to any channel.
    outbox.drain()
    answer.refresh_from_db()
    assert answer.status == "delivered" and answer.attempts == 0


def test_unanswered_visit_stays_open_and_waiting(town):
    contact = _record(town, channel="desk", name="Giovanni", answer="")
    conv = contact.conversation
    assert conv.account.channel == "desk" and conv.state == "open" and conv.waiting_since is not None
    assert contact.answer is None and not conv.messages.filter(direction="out").exists()


def test_existing_citizen_is_found_by_phone_and_gets_the_new_email(town):
    whatsapp = conversation_with(town, "Buongiorno")
    known = whatsapp.citizen
    phone = known.identities.get(kind="phone").value
    contact = _record(town, phone=phone, email="nuovo@example.it", name="Un altro nome")
    assert contact.conversation.citizen == known and not contact.citizen_created
    assert Identity.objects.filter(citizen=known, kind="email").exists()


def test_phone_and_email_of_two_different_citizens_are_refused(town):
    first = _record(town, phone="+393470000001").conversation.citizen
    second = _record(town, email="altra@example.it").conversation.citizen
    assert first != second
    with pytest.raises(services.DeskError) as error:
        _record(town, phone="+393470000001", email="altra@example.it")
    assert error.value.code == "two_citizens"


def test_bad_input_is_refused_with_a_reason(town):
    for kw, code in [
        ({"question": "  "}, "no_question"),
        ({"phone": "12"}, "bad_phone"),
        ({"email": "non-una-mail"}, "bad_email"),
        ({"when": timezone.now() + timezone.timedelta(hours=2)}, "future"),
        ({"channel": "whatsapp"}, "bad_channel"),
    ]:
        with pytest.raises(services.DeskError) as error:
            _record(town, name="X", **kw)
        assert error.value.code == code, kw
    with pytest.raises(services.DeskError) as error:
        _record(town)  # nobody: no name, phone or e-mail
    assert error.value.code == "nobody"
    assert not Conversation.objects.filter(account__channel="phone").exists()


def test_a_case_opens_from_a_recorded_visit_with_its_documents(town):
    contact = _record(
        town, channel="desk", name="Luca", phone="+393471234000", question="Buca in via Roma davanti al civico 3",
        documents=[services.Document("foto-buca.pdf", PDF, "application/pdf")],
    )
    [doc] = contact.documents
    assert (doc.kind, doc.state, doc.size, doc.message) == ("document", "ready", len(PDF), contact.question)
    case = services.open_case_from_contact(contact, department=town.department("strade"), actor=town.urp)
    assert case.conversation == contact.conversation and case.citizen == contact.conversation.citizen
    assert list(case.messages.all()) == [contact.question]
    assert case.title == "Buca in via Roma davanti al civico 3"
    assert CaseAttachment.objects.get(case=case).source == doc
    # Nobody is written to: a call cannot receive the reference, the operator gives it in person.
    assert not Message.objects.filter(conversation=contact.conversation, status="queued").exists()


# The console page ------------------------------------------------------------------------------------------------

def test_operator_records_a_call_and_opens_a_case_from_the_console(town, client):
    login(client, town.urp)
    page = client.get("/contatti/registra/")
    assert page.status_code == 200 and "Registra telefonata / visita" in page.content.decode()
    response = client.post("/contatti/registra/", {
        "municipality": town.municipality.pk, "channel": "phone", "when": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "name": "Anna Bianchi", "phone": "347 555 1234", "question": "Lampione spento in via Garibaldi",
        "answer": "Apriamo una segnalazione all'illuminazione.", "open_case": "on",
        "department": town.department("illuminazione").pk,
        "documents": [SimpleUploadedFile("verbale.pdf", PDF, content_type="application/pdf")],
    })
    conv = Conversation.objects.get(account__channel="phone")
    assert response.status_code == 302 and response["Location"] == f"/conversazioni/{conv.pk}/"
    case = Case.objects.get(conversation=conv)
    assert case.department.code == "illuminazione" and case.attachments.count() == 1
    assert conv.state == "open"  # a case follows: the conversation stays open
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page and "Lampione spento in via Garibaldi" in page
    assert "Risposta data di persona o al telefono" in page and "5551234" not in page.replace(" ", "")


def test_form_errors_keep_the_input_and_create_nothing(town, client):
    login(client, town.urp)
    response = client.post("/contatti/registra/", {
        "municipality": town.municipality.pk, "channel": "phone", "when": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "name": "Anna", "phone": "12", "question": "Orari?",
    })
    assert response.status_code == 200
    assert "Il numero di telefono non è valido." in response.content.decode()
    assert not Conversation.objects.filter(account__channel="phone").exists()


def test_lookup_finds_by_exact_identifier_only_in_own_town_and_is_audited(town, client):
    _record(town, name="Carla Verdi", phone="+393471119999")
    login(client, town.urp)
    found = client.get("/contatti/cerca-cittadino/", {"phone": "347 111 9999"}).content.decode()
    assert "Cittadino trovato" in found and "Carla Verdi" in found and "1119999" not in found
    missing = client.get("/contatti/cerca-cittadino/", {"phone": "347 111 9990"}).content.decode()
    assert "Nessun cittadino con questo recapito" in missing
    assert AuditEntry.objects.filter(action="citizen.looked_up").count() == 2
    # Another town's operator never finds this citizen, and cannot record for them by id.
    login(client, town.outsider)
    other = client.get("/contatti/cerca-cittadino/", {"phone": "347 111 9999"}).content.decode()
    assert "Nessun cittadino con questo recapito" in other
    citizen = Citizen.objects.get(display_name="Carla Verdi")
    page = client.get(f"/contatti/registra/?cittadino={citizen.pk}").content.decode()
    assert "Carla Verdi" not in page


def test_lookup_without_javascript_keeps_what_was_typed(town, client):
    _record(town, name="Carla Verdi", email="carla@example.it")
    login(client, town.urp)
    page = client.get("/contatti/registra/", {
        "cerca": "1", "municipality": town.municipality.pk, "email": "carla@example.it", "question": "Orari?",
    }).content.decode()
    assert "Cittadino trovato" in page and "c•••@example.it" in page
    assert 'value="carla@example.it"' in page and ">Orari?</textarea>" in page
