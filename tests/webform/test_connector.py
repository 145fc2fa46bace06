"""Submission → ingest worker → WebformConnector.parse → inbound pipeline; tracking page; replies by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sportello.citizens.identity import find_citizen
from sportello.connectors.base import CampaignItem
from sportello.connectors.registry import get_connector
from sportello.connectors.webform.models import Submission
from sportello.connectors.webform.submit import token_index
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation, Message
from tests.conftest import drain_all
from tests.webform.conftest import PICTURE, valid_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://sportello.comune.esempio.it"


def send_form(client, **overrides) -> tuple[Submission, str]:
    response = client.post("/assistenza/", {
        **valid_data(**overrides), "attachments": [SimpleUploadedFile("lampione.png", PICTURE, "image/png")]})
    assert response.status_code == 302, response.content.decode()[:2000]
    token = response["Location"].split("/")[3]
    return Submission.objects.get(token_index=token_index(token)), token


def test_the_parser_reads_a_stored_submission(webform):
    from sportello.connectors.webform.parser import parse_body

    body = (b'{"v": 1, "form": 7, "reference": "W-2026-000042", "submitted_at": "2026-03-02T10:00:00+01:00",'
            b' "sender": {"email": "a@example.test", "name": ""}, "category": {"code": "c1", "label": "Reclamo"},'
            b' "message": "Testo", "place": {"address": "piazza Duomo", "latitude": 39.2, "longitude": 9.1},'
            b' "attachments": [{"media_id": "m1", "kind": "document", "filename": "a.pdf",'
            b' "mime_type": "application/pdf", "size": 9, "sha256": "ab"}]}')
    batch = parse_body(body)
    text, location = batch.messages
    assert (text.channel, text.account_ref, text.external_id, text.kind) == ("webform", "7", "W-2026-000042", "text")
    assert text.text == "Argomento: Reclamo\nLuogo: piazza Duomo\n\nTesto"
    assert text.sender.email == "a@example.test" and text.sent_at.isoformat() == "2026-03-02T10:00:00+01:00"
    assert [(m.kind, m.media_id, m.filename) for m in text.media] == [("document", "m1", "a.pdf")]
    assert (location.kind, location.external_id) == ("location", "W-2026-000042/luogo")
    assert location.payload == {"latitude": 39.2, "longitude": 9.1, "address": "piazza Duomo",
                                "name": "Luogo indicato nel modulo W-2026-000042"}
    from sportello.connectors.base import UnparseableBody

    with pytest.raises(UnparseableBody):
        parse_body(b"not json")
    with pytest.raises(UnparseableBody):
        parse_body(b'{"v": 2}')


def test_a_submission_becomes_a_conversation_with_its_attachment_and_place(client, webform):
    submission, token = send_form(client, latitude="39.2238", longitude="9.1217")
    drain_all()
    town = webform.account.municipality
    citizen = find_citizen(town, "email", "giulia.rossi@example.test")
    assert citizen is not None and citizen.display_name == "Giulia Rossi"
    conversation = Conversation.objects.get()
    assert conversation.account == webform.account and conversation.citizen == citizen
    request, place = conversation.messages.order_by("id")
    assert request.text == (
        "Argomento: Segnalazione di un problema\nLuogo: via Roma 12\n\n"
        "Il lampione di via Roma 12 è spento da una settimana."
    )
    assert request.external_id == submission.reference
    [attachment] = request.attachments.all()
    assert (attachment.state, attachment.kind, attachment.filename, attachment.mime_type) == (
        Attachment.State.READY, "image", "lampione.png", "image/png")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PICTURE
    assert place.kind == "location" and place.payload["latitude"] == pytest.approx(39.2238)

    page = client.get(f"/assistenza/stato/{token}/").content.decode()
    assert submission.reference in page and "Ricevuta dall&#x27;ufficio" in page
    assert "spento da una settimana" in page and "lampione.png" in page
    assert "giulia.rossi@example.test" not in page.lower()


def test_the_reply_goes_by_email_with_the_tracking_link_and_shows_on_the_tracking_page(client, webform):
    submission, token = send_form(client)
    drain_all()
    conversation = Conversation.objects.get()
    Message.objects.create(municipality=conversation.municipality, conversation=conversation,
                           direction=Message.Direction.NOTE, kind="text", text="Nota interna: chiamare l'elettricista")
    outbound.queue_text(conversation, "Grazie, abbiamo inviato la squadra dell'illuminazione pubblica.")
    drain_all()
    reply = conversation.messages.get(direction=Message.Direction.OUTBOUND)
    assert reply.status == Message.Status.SENT, (reply.status, reply.error_title)
    [email] = mail.outbox
    assert email.to == ["giulia.rossi@example.test"]
    assert email.subject == f"Risposta alla Sua richiesta {submission.reference} – Comune di Esempio"
    link = f"https://sportello.comune.esempio.it/assistenza/stato/{token}/"
    assert link in email.body and "abbiamo inviato la squadra" in email.body
    assert email.extra_headers["Message-ID"] == reply.external_id
    assert email.extra_headers["Auto-Submitted"] == "auto-replied"  # queued without an author: automatic

    page = client.get(f"/assistenza/stato/{token}/").content.decode()
    assert "abbiamo inviato la squadra" in page and "Risposta inviata" in page
    assert "chiamare l" not in page  # internal notes never leave the office


def test_a_token_opens_only_its_own_request_and_the_replies_after_it(client, webform):
    _, first_token = send_form(client, message="Prima richiesta")
    drain_all()
    conversation = Conversation.objects.get()
    outbound.queue_text(conversation, "Risposta alla prima")
    drain_all()
    # Someone else writes with the same address: the same conversation, but not the same request.
    _, second_token = send_form(client, message="Seconda richiesta", name="")
    drain_all()
    assert Conversation.objects.count() == 1
    outbound.queue_text(conversation, "Risposta alla seconda")
    drain_all()
    first_page = client.get(f"/assistenza/stato/{first_token}/").content.decode()
    second_page = client.get(f"/assistenza/stato/{second_token}/").content.decode()
    assert "Prima richiesta" in first_page and "Risposta alla prima" in first_page
    assert "Seconda richiesta" not in first_page and "Risposta alla seconda" not in first_page
    assert "Seconda richiesta" in second_page and "Risposta alla seconda" in second_page
    assert "Prima richiesta" not in second_page and "Risposta alla prima" not in second_page
    # Each e-mailed reply carries the link of the request it answers.
    assert [first_token in m.body for m in mail.outbox] == [True, False]
    assert [second_token in m.body for m in mail.outbox] == [False, True]
    assert client.get("/assistenza/stato/non-esiste-questo-codice/").status_code == 404


def test_the_tracking_page_shows_the_case_state(client, webform):
    from sportello.cases.models import Department
    from sportello.cases.services import open_case

    _, token = send_form(client)
    drain_all()
    message = Message.objects.get(original_type="webform")
    department = Department.objects.create(municipality=webform.account.municipality, code="illuminazione",
                                           name="Illuminazione pubblica")
    case = open_case(department=department, title="Lampione spento", conversation=message.conversation,
                     messages=[message])
    page = client.get(f"/assistenza/stato/{token}/").content.decode()
    assert case.reference in page and "Presa in carico" in page


def test_check_send_send_many_and_mark_read(client, webform):
    send_form(client)
    drain_all()
    connector = get_connector("webform")
    conversation = Conversation.objects.get()
    assert connector.check_send(webform.account, conversation.citizen, "text").allowed
    refused = connector.check_send(webform.account, conversation.citizen, "template")
    assert (refused.allowed, refused.code) == (False, "not_deliverable")
    from sportello.citizens.models import Citizen

    stranger = Citizen.objects.create(municipality=webform.account.municipality)
    assert connector.check_send(webform.account, stranger, "text").code == "no_recipient"
    outcomes = connector.send_many(webform.account, [
        CampaignItem(delivery_id=5, attempt=1, citizen=conversation.citizen, mode="free", content={"text": "x"})])
    assert [(o.delivery_id, o.state) for o in outcomes] == [(5, "failed")]
    assert "non è iscritto alle liste" in outcomes[0].error_title
    assert connector.mark_read(webform.account, conversation.messages.first()) is None
    assert connector.account_for(str(webform.pk)) == webform.account
    assert connector.account_for("999") is None and connector.account_for("x") is None


def test_a_refused_address_fails_the_reply_permanently_with_a_reason(client, webform, monkeypatch):
    import smtplib

    send_form(client)
    drain_all()
    conversation = Conversation.objects.get()

    class Refusing:
        def __init__(self, *args, **kwargs):
            pass

        def send_messages(self, messages):
            raise smtplib.SMTPRecipientsRefused({"giulia.rossi@example.test": (550, b"no such user")})

    monkeypatch.setattr("sportello.connectors.webform.mail.get_connection", lambda **kwargs: Refusing())
    outbound.queue_text(conversation, "Risposta")
    drain_all()
    reply = conversation.messages.get(direction=Message.Direction.OUTBOUND)
    assert (reply.status, reply.error_code, reply.error_title) == (
        Message.Status.FAILED, 550, "indirizzo e-mail del cittadino rifiutato")
