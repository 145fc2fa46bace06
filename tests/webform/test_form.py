"""The form over Django's test client: validation, abuse control, what is stored, and that nothing typed is lost."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sportello.connectors.webform import files
from sportello.connectors.webform.models import Submission, Upload
from sportello.conversations.models import InboundEvent
from tests.webform.conftest import PDF, PICTURE, valid_data

pytestmark = pytest.mark.django_db


def events() -> list[InboundEvent]:
    return list(InboundEvent.objects.filter(channel="webform"))


def test_files_are_recognised_by_content_not_by_name():
    assert files.check("foto.png", PICTURE)[0].mime_type == "image/png"
    assert files.check("modulo.PDF", PDF)[0].mime_type == "application/pdf"
    assert files.check("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)[0].kind == "image"
    assert files.check("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ")[0].mime_type == "image/webp"
    kind, why = files.check("fattura.pdf", b"MZ\x90\x00 an executable")
    assert kind is None and why == "Il file «fattura.pdf» non è di un tipo accettato (JPEG, PNG, WebP, PDF)."
    kind, why = files.check("foto.pdf", PICTURE)
    assert kind is None and "non corrisponde al suo contenuto (PNG)" in why
    assert files.check("vuoto.pdf", b"")[1] == "Il file «vuoto.pdf» è vuoto."
    assert files.clean_filename("../../etc/passwd\x00.pdf") == "passwd.pdf"


def test_the_form_page_has_labels_privacy_and_the_abuse_fields(client, webform):
    response = client.get("/assistenza/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    for field in ("id_category", "id_message", "id_attachments", "id_address", "id_email", "id_name", "id_consent"):
        assert f'for="{field}"' in html, field
    assert 'name="sito_web"' in html and 'tabindex="-1"' in html
    assert re.search(r'name="started" value="[^"]+"', html) or re.search(r'value="[^"]+" name="started"', html)
    assert "Il titolare del trattamento è il Comune di Esempio" in html
    assert 'href="/assistenza/privacy/"' in html
    assert "Segnalazione di un problema" in html  # no departments: the default list
    assert "webform-map" not in html  # no tile server configured: no map, no third party


def test_categories_come_from_the_municipalitys_departments(client, webform):
    from sportello.cases.models import Category, Department

    roads = Department.objects.create(municipality=webform.account.municipality, code="strade", name="Strade")
    html = client.get("/assistenza/").content.decode()
    assert '<option value="strade">Strade</option>' in html and "Segnalazione di un problema" not in html
    Category.objects.create(department=roads, code="buche", name="Buche stradali")
    html = client.get("/assistenza/").content.decode()
    assert '<optgroup label="Strade">' in html and 'value="strade-buche"' in html
    assert "Segnalazione di un problema" not in html


def test_a_valid_submission_stores_an_encrypted_event_and_redirects_to_tracking(client, webform, settings):
    response = client.post("/assistenza/", {
        **valid_data(), "attachments": [SimpleUploadedFile("lampione.png", PICTURE, "image/png"),
                                        SimpleUploadedFile("modulo.pdf", PDF, "application/pdf")],
    })
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert re.fullmatch(r"W-20\d\d-000001", submission.reference)
    assert response["Location"] == f"/assistenza/stato/{submission.token}/?nuova=1"
    assert len(submission.token) >= 30 and submission.reference not in submission.token
    [event] = events()
    body = json.loads(bytes(event.body))
    assert body["sender"] == {"email": "giulia.rossi@example.test", "name": "Giulia Rossi"}
    assert body["category"] == {"code": "c0", "label": "Segnalazione di un problema"}
    assert body["place"] == {"address": "via Roma 12", "latitude": None, "longitude": None}
    assert body["privacy"] == {"acknowledged": True, "notice": "http://testserver/assistenza/privacy/"}
    assert [(a["filename"], a["kind"], a["mime_type"]) for a in body["attachments"]] == [
        ("lampione.png", "image", "image/png"), ("modulo.pdf", "document", "application/pdf")]
    # At rest the body, the token and the files are ciphertext.
    from django.db import connections

    from sportello.conversations.routers import inbound_alias

    with connections[inbound_alias()].cursor() as cursor:
        cursor.execute("SELECT body FROM conversations_inboundevent")
        raw = bytes(cursor.fetchone()[0])
    assert b"giulia" not in raw.lower() and b"lampione" not in raw
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT token, content FROM webform_submission JOIN webform_upload ON submission_id = webform_submission.id")
        token, content = cursor.fetchone()
    assert submission.token not in token and b"PNG" not in bytes(content)
    assert Upload.objects.count() == 2
    from sportello.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="webform.submitted", target_id=str(submission.pk)).count() == 1


def test_missing_fields_give_a_linked_error_summary_and_keep_what_was_typed(client, webform):
    response = client.post("/assistenza/", valid_data(message="   ", email="non-un-indirizzo", consent=None,
                                                      category=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Errore:" in html
    summary = html[html.index('id="error-summary"'):html.index("</div>", html.index('id="error-summary"'))]
    assert re.findall(r'<a href="#(id_\w+)">', summary) == ["id_category", "id_message", "id_email", "id_consent"]
    assert "ci sono 4 problemi da correggere" in summary
    assert "L&#x27;indirizzo e-mail non è valido" in summary
    assert 'aria-describedby="id_email-help id_email-error"' in html and 'aria-invalid="true"' in html
    assert 'id="id_consent-error"' in html
    assert 'value="via Roma 12"' in html and 'value="Giulia Rossi"' in html and 'value="non-un-indirizzo"' in html
    assert events() == [] and Submission.objects.count() == 0


def test_the_honeypot_refuses_and_keeps_the_text(client, webform):
    response = client.post("/assistenza/", valid_data(sito_web="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "un campo nascosto, riservato ai controlli automatici, risultava compilato" in html
    assert "Il lampione di via Roma 12 è spento da una settimana." in html
    assert 'name="sito_web" id="id_sito_web" value=""' in html  # shown empty again: the next try passes
    assert events() == []


def test_a_form_sent_too_fast_or_with_a_forged_stamp_is_sent_back(client, webform, settings):
    from sportello.connectors.webform.abuse import issue_stamp

    settings.SPORTELLO_WEBFORM_MIN_SECONDS = 30
    response = client.post("/assistenza/", valid_data(started=issue_stamp()))
    assert response.status_code == 400
    assert "inviato troppo in fretta" in response.content.decode()
    response = client.post("/assistenza/", valid_data(started="1700000000.0:forged"))
    assert "Non è stato possibile verificare il modulo" in response.content.decode()
    assert "spento da una settimana" in response.content.decode()
    assert events() == []


def test_the_stamp_of_a_slow_human_is_accepted(webform, settings, monkeypatch):
    import time

    from sportello.connectors.webform import abuse

    settings.SPORTELLO_WEBFORM_MIN_SECONDS = 5
    stamp = abuse.issue_stamp()
    assert abuse.stamp_problem(stamp) != ""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 6)
    assert abuse.stamp_problem(stamp) == ""
    monkeypatch.setattr(time, "time", lambda: real() + 13 * 3600)
    assert "troppo a lungo" in abuse.stamp_problem(stamp)


def test_the_rate_limit_counts_per_address(client, webform, settings):
    settings.SPORTELLO_WEBFORM_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/assistenza/", valid_data()).status_code == 302
    response = client.post("/assistenza/", valid_data(message="La terza richiesta"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "già state inviate molte richieste nell&#x27;ultima ora" in html and "La terza richiesta" in html
    assert len(events()) == 2
    other = client.post("/assistenza/", valid_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302  # another address has its own counter


def test_attachment_limits_count_size_and_type(client, webform):
    webform.max_attachments = 2
    webform.max_attachment_mb = 1
    webform.save()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    response = client.post("/assistenza/", {**valid_data(), "attachments": [
        SimpleUploadedFile("grande.pdf", big, "application/pdf"),
        SimpleUploadedFile("finto.pdf", b"not a pdf at all", "application/pdf"),
        SimpleUploadedFile("terzo.png", PICTURE, "image/png"),
    ]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Il file «grande.pdf» supera la dimensione massima di 1 MB." in html
    assert "Si possono allegare al massimo 2 file" in html
    assert "Il file «finto.pdf» non è di un tipo accettato" in html
    assert 'href="#id_attachments"' in html
    assert "spento da una settimana" in html and events() == []


def test_a_request_far_over_the_limits_is_refused_before_reading_it(client, webform):
    webform.max_attachments = 1
    webform.max_attachment_mb = 1
    webform.save()
    response = client.post("/assistenza/", {**valid_data(), "attachments": [
        SimpleUploadedFile("enorme.pdf", b"%PDF-" + b"0" * (4 * 1024 * 1024), "application/pdf")]})
    assert response.status_code == 413
    assert "Gli allegati sono troppo grandi" in response.content.decode()


def test_several_municipalities_each_have_their_form(client, webform):
    from sportello.connectors.webform.setup import ensure_webform
    from sportello.municipalities.models import Municipality

    ensure_webform(Municipality.objects.create(slug="altrove", name="Comune di Altrove"))
    html = client.get("/assistenza/").content.decode()
    assert 'href="/assistenza/altrove/"' in html and 'href="/assistenza/esempio/"' in html
    assert client.get("/assistenza/altrove/").status_code == 200
    assert client.get("/assistenza/nessuno/").status_code == 404
    assert client.post("/assistenza/altrove/", valid_data()).status_code == 302
    assert Submission.objects.get().municipality.slug == "altrove"


def test_privacy_page_names_the_municipality(client, webform):
    html = client.get("/assistenza/privacy/").content.decode()
    assert "Comune di Esempio, Piazza Municipio 1" in html and "protocollo@pec.comune.esempio.it" in html
    webform.privacy_url = "https://www.comune.esempio.it/privacy"
    webform.save()
    assert 'href="https://www.comune.esempio.it/privacy"' in client.get("/assistenza/").content.decode()


def test_a_disabled_form_is_not_served(client, webform):
    webform.enabled = False
    webform.save()
    assert client.get("/assistenza/").status_code == 404


def test_configure_from_env(db, settings):
    from sportello.connectors.webform.connector import WebformConnector

    settings.SPORTELLO_WEBFORM = False
    assert WebformConnector().configure_from_env() is None
    settings.SPORTELLO_WEBFORM = True
    account = WebformConnector().configure_from_env()
    assert account.channel == "webform" and account.webform.enabled
    assert WebformConnector().configure_from_env() == account  # idempotent
