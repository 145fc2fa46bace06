"""Inbox filters, search, hidden messages, composer: idempotency, notes, window, templates, canned replies."""

from __future__ import annotations

import time
import uuid

import pytest
from django.utils import timezone

from sportello.connectors.whatsapp.models import MessageTemplate
from sportello.console.models import CannedReply, ComposerSubmission
from sportello.conversations.models import Conversation, Message
from sportello.core.models import AuditEntry
from tests.console.conftest import incoming, login, make_staff

pytestmark = pytest.mark.django_db


def test_inbox_lists_longest_waiting_first_with_filters_and_search(client, town, operator):
    old = incoming(client, "Vorrei il certificato di residenza", phone="393330000001", ts=int(time.time()) - 3600)
    new = incoming(client, "Buca in via Dante", phone="393330000002")
    login(client, operator)
    html = client.get("/").content.decode()
    assert html.index("certificato di residenza") < html.index("Buca in via Dante")
    assert 'lang="it"' in html and 'href="#main"' in html and town.name in html
    assert "Buca" in client.get("/?q=buca").content.decode()
    assert "certificato" not in client.get("/?q=buca").content.decode()
    old.assigned_to = operator
    old.save()
    mine = client.get("/?vista=mie").content.decode()
    assert "certificato" in mine and "Buca" not in mine
    assert "certificato" not in client.get("/?vista=non_assegnate").content.decode()
    new.state = Conversation.State.CLOSED
    new.save()
    assert "Buca" in client.get("/?vista=chiuse").content.decode()
    assert "Buca" not in client.get("/").content.decode()
    assert "Buca" not in client.get("/?canale=email&vista=tutte").content.decode()


def test_hidden_messages_never_reach_operators(client, town, operator):
    conversation = incoming(client, "testo offensivo da nascondere")
    Message.objects.filter(conversation=conversation).update(hidden_at=timezone.now(), hidden_reason="insulti")
    login(client, operator)
    assert "offensivo" not in client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "0 conversazioni" in client.get("/?vista=tutte&q=offensivo").content.decode()
    assert "offensivo" not in client.get(f"/conversazioni/{conversation.pk}/messaggi/").content.decode()


def test_opening_marks_read_and_is_audited(client, town, operator):
    conversation = incoming(client)
    assert Conversation.objects.get().unread_count == 1
    login(client, operator)
    client.get(f"/conversazioni/{conversation.pk}/")
    assert Conversation.objects.get().unread_count == 0
    assert AuditEntry.objects.filter(action="conversation.viewed", actor=operator).exists()


def test_same_form_submitted_twice_sends_once(client, town, operator):
    conversation = incoming(client)
    login(client, operator)
    key = uuid.uuid4().hex
    for _ in range(3):
        response = client.post(f"/conversazioni/{conversation.pk}/invia/", {"text": "Apre alle 9.", "idempotency_key": key},
                               HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert Message.objects.filter(direction="out").count() == 1
    assert ComposerSubmission.objects.get(key=key).message.text == "Apre alle 9."
    assert response["HX-Trigger"]


def test_notes_stay_inside(client, town, operator):
    conversation = incoming(client)
    login(client, operator)
    client.post(f"/conversazioni/{conversation.pk}/invia/",
                {"text": "Chiamare l'ufficio tributi", "mode": "note", "idempotency_key": "n1"}, HTTP_HX_REQUEST="true")
    note = Message.objects.get(direction="note")
    assert note.status == "received" and note.author == operator and note.callback_data == ""
    assert "Nota interna" in client.get(f"/conversazioni/{conversation.pk}/").content.decode()


def test_attachment_reply_is_queued_with_file(client, town, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    conversation = incoming(client)
    login(client, operator)
    pdf = SimpleUploadedFile("modulo.pdf", b"%PDF-1.4 modulo", content_type="application/pdf")
    client.post(f"/conversazioni/{conversation.pk}/invia/", {"text": "Ecco il modulo", "file": pdf, "idempotency_key": "f1"},
                HTTP_HX_REQUEST="true")
    message = Message.objects.get(direction="out")
    attachment = message.attachments.get()
    assert (message.kind, message.text, attachment.filename, attachment.size) == ("document", "Ecco il modulo", "modulo.pdf", 15)


def test_closed_window_offers_templates_only(client, town, operator):
    conversation = incoming(client, "Messaggio vecchio", ts=int(time.time()) - 30 * 3600)
    MessageTemplate.objects.create(account=conversation.account, name="risposta_urp", body="Gentile {{1}}, la ricontattiamo.",
                                   status="approved")
    MessageTemplate.objects.create(account=conversation.account, name="in_revisione", body="x", status="pending")
    login(client, operator)
    html = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "finestra di 24 ore" in html and "risposta_urp" in html and "in_revisione" not in html
    assert 'id="composer-form"' not in html
    refused = client.post(f"/conversazioni/{conversation.pk}/invia/", {"text": "ciao", "idempotency_key": "w1"},
                          HTTP_HX_REQUEST="true")
    assert "finestra di 24 ore" in refused.content.decode() and not Message.objects.filter(direction="out").exists()
    template = MessageTemplate.objects.get(name="risposta_urp")
    fields = client.get(f"/conversazioni/{conversation.pk}/modello/campi/?template={template.pk}").content.decode()
    assert 'name="param_1"' in fields
    client.post(f"/conversazioni/{conversation.pk}/modello/",
                {"template": template.pk, "param_1": "Maria", "idempotency_key": "t1"}, HTTP_HX_REQUEST="true")
    sent = Message.objects.get(direction="out")
    assert (sent.kind, sent.text, sent.payload["name"]) == ("template", "Gentile Maria, la ricontattiamo.", "risposta_urp")


def test_open_window_shows_time_left(client, town, operator):
    conversation = incoming(client)
    login(client, operator)
    html = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "Puoi rispondere liberamente ancora per" in html and 'id="composer-form"' in html


def test_canned_replies_are_managed_by_supervisors_and_expanded(client, town, operator):
    conversation = incoming(client, name="Maria Rossi")
    assert client.get("/risposte-rapide/").status_code == 302
    login(client, operator)
    assert client.get("/risposte-rapide/").status_code == 403
    sup = make_staff("sup", town, role="supervisor")
    login(client, sup, verified=True)
    response = client.post("/risposte-rapide/", {"municipality": town.pk, "title": "Saluto",
                                                 "body": "Buongiorno {nome}, qui {ufficio} del {comune}."})
    assert response.status_code == 302
    reply = CannedReply.objects.get()
    login(client, operator)
    text = client.get(f"/conversazioni/{conversation.pk}/risposte-rapide/{reply.pk}/").json()["text"]
    assert text == f"Buongiorno Maria, qui URP del {town.name}."
    # A reply written before the form checked its variables keeps an unknown one as written, for the operator to see.
    older = CannedReply.objects.create(municipality=town, title="Vecchia", body="Salve {nome}. {ignota}")
    text = client.get(f"/conversazioni/{conversation.pk}/risposte-rapide/{older.pk}/").json()["text"]
    assert text == "Salve Maria. {ignota}"


@pytest.mark.parametrize(("body", "problem"), [
    ("Buongiorno {nome}, {ignota} e {ignota}", "Variabili sconosciute: {ignota}. Può usare {nome}, {nome_completo}"),
    ("Il costo è {5 euro", "Una parentesi graffa è aperta o chiusa da sola"),
    ("Pagamento entro il giorno }", "Una parentesi graffa è aperta o chiusa da sola"),
    ("Buongiorno {nome!r}", "Variabili sconosciute: {nome!r}."),
    ("Buongiorno {}", "Variabili sconosciute: {}."),
])
def test_a_canned_reply_with_a_variable_it_cannot_fill_is_refused(client, town, body, problem):
    sup = make_staff("sup", town, role="supervisor")
    login(client, sup, verified=True)
    response = client.post("/risposte-rapide/", {"municipality": town.pk, "title": "Prova", "body": body})
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not CannedReply.objects.exists()


def test_a_canned_reply_preview_fills_the_variables_and_saves_nothing(client, town):
    sup = make_staff("sup", town, role="supervisor", first_name="Sara")
    login(client, sup, verified=True)
    response = client.post("/risposte-rapide/", {"municipality": town.pk, "title": "Saluto", "preview": "1",
                                                 "body": "Buongiorno {nome}, sono {operatore} del {comune}."})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Buongiorno Maria, sono Sara del {town.name}." in html
    assert "Non è stata salvata." in html
    assert not CannedReply.objects.exists()


def test_assign_and_close_publish_and_audit(client, town, operator, django_capture_on_commit_callbacks):
    conversation = incoming(client)
    colleague = make_staff("bruno", town, first_name="Bruno")
    login(client, operator)
    client.post(f"/conversazioni/{conversation.pk}/assegna/", {"assignee": "me"}, HTTP_HX_REQUEST="true")
    assert Conversation.objects.get().assigned_to == operator
    client.post(f"/conversazioni/{conversation.pk}/assegna/", {"assignee": colleague.pk}, HTTP_HX_REQUEST="true")
    assert Conversation.objects.get().assigned_to == colleague
    # Only a supervisor takes a colleague's conversation away from them.
    other = make_staff("carla", town)
    login(client, other)
    client.post(f"/conversazioni/{conversation.pk}/assegna/", {"assignee": other.pk}, HTTP_HX_REQUEST="true")
    assert Conversation.objects.get().assigned_to == colleague
    login(client, colleague)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/conversazioni/{conversation.pk}/stato/", {"state": "closed"}, HTTP_HX_REQUEST="true")
        client.post(f"/conversazioni/{conversation.pk}/assegna/", {"assignee": ""}, HTTP_HX_REQUEST="true")
    closed = Conversation.objects.get()
    assert closed.state == "closed" and closed.waiting_since is None and closed.assigned_to is None
    assert AuditEntry.objects.filter(action="conversation.closed").exists()
    from sportello.console.models import ConsoleEvent

    assert {"conversation.assigned", "conversation.state"} <= set(ConsoleEvent.objects.values_list("kind", flat=True))


def test_every_message_kind_renders(client, town, operator):
    from sportello.conversations.models import Attachment

    conversation = incoming(client, "Ecco")
    base = {"municipality": town, "conversation": conversation, "direction": "in", "status": "received"}
    target = Message.objects.get()
    Message.objects.create(kind="location", text="Municipio", payload={"latitude": 39.2238, "longitude": 9.1217, "name": "Municipio"}, **base)
    Message.objects.create(kind="contacts", payload={"contacts": [{"name": {"formatted_name": "Mario Bianchi"}, "phones": [{"phone": "+39 070 123"}]}]}, **base)
    Message.objects.create(kind="reaction", reply_to=target, payload={"emoji": "👍", "message_id": "x"}, **base)
    Message.objects.create(kind="text", text="inoltrato", forwarded=True, **base)
    Message.objects.create(kind="text", text="cambiato", edited_at=timezone.now(), payload={"edits": [{"text": "prima"}]}, **base)
    Message.objects.create(kind="text", text="ritirato", revoked_at=timezone.now(), **base)
    Message.objects.create(kind="text", text="risposta", reply_to=target, **base)
    failed = Message.objects.create(kind="text", text="non partito", direction="out", status="failed", error_title="Numero non su WhatsApp",
                                    municipality=town, conversation=conversation)
    doc = Message.objects.create(kind="document", **base)
    Attachment.objects.create(message=doc, kind="document", filename="bolletta.pdf", state="failed", last_error="HTTP 500")
    voice = Message.objects.create(kind="audio", **base)
    Attachment.objects.create(message=voice, kind="audio", voice=True, state="pending")
    login(client, operator)
    html = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    for expected in ("Municipio", "Apri sulla mappa", "Mario Bianchi", "👍", "Inoltrato", "Modificato", "prima",
                     "Eliminato dal mittente", "msg-quote", "Numero non su WhatsApp", "bolletta.pdf", "Riprova",
                     "download in corso"):
        assert expected in html, expected
    assert failed.pk
