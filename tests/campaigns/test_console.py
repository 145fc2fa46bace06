"""The console's campaign pages with Django's test client: the composer writes a draft (template only when the
audience needs one), four-eyes approval, the actions, the progress fragment and the report; tenancy and roles."""

from __future__ import annotations

import pytest

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign, Delivery
from sportello.core.models import AuditEntry
from sportello.municipalities.models import ChannelAccount, Municipality
from tests.broadcasts import helpers as h
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(number):
    return number.account.municipality


@pytest.fixture
def alerts(town):
    alerts = h.make_list(town, "allerte")
    for n in range(3):
        h.subscribe(alerts, h.citizen(town, f"+39347000030{n}"))
    return alerts


@pytest.fixture
def telegram(town):
    return ChannelAccount.objects.create(municipality=town, channel="telegram", label="Telegram", active=True)


def _draft(client, town, alerts, **extra):
    data = {"town": town.slug, "title": "Allerta meteo", "category": "public_utility", "lists": [alerts.pk],
            "text": "Domani scuole chiuse per neve.", "link": "https://comune.example/neve", "timing": "now",
            "source": "text"}
    data.update(extra)
    return client.post("/campagne/nuova/", data)


def test_composer_asks_for_the_template_only_when_the_audience_needs_it(client, town, alerts, telegram):
    author = make_staff("carla", town)
    login(client, author)
    template = h.template(town)
    page = client.get("/campagne/nuova/").content.decode()
    assert 'name="lists"' in page and "Allerte" in page and 'name="weekdays"' in page

    fragment = client.post("/campagne/modello/", {"town": town.slug, "lists": [alerts.pk]}).content.decode()
    assert 'name="pick-template"' in fragment and "allerta_urp" in fragment  # WhatsApp subscribers: asked
    fragment = client.post("/campagne/modello/", {"town": town.slug, "lists": [alerts.pk], "pick-template": template.pk})
    assert 'name="tpl-p1"' in fragment.content.decode() and 'name="tpl-p2"' in fragment.content.decode()
    on_telegram = h.make_list(town, "viabilita")
    h.subscribe(on_telegram, h.citizen(town, "+393470000399"), account=telegram)
    fragment = client.post("/campagne/modello/", {"town": town.slug, "lists": [on_telegram.pk]}).content.decode()
    assert fragment.strip() == '<div id="template-part"></div>'  # Telegram only: no template asked

    missing = _draft(client, town, alerts)
    assert missing.status_code == 200 and "Scegliere il modello per i cittadini con la finestra chiusa." in missing.content.decode()
    saved = _draft(client, town, alerts, **{"pick-template": template.pk, "tpl-p1": "{comune}", "tpl-p2": "{testo}"})
    campaign = Campaign.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/campagne/{campaign.pk}/"
    assert (campaign.state, campaign.created_by, campaign.template_id) == ("draft", author, template.pk)
    assert campaign.template_params == ["{comune}", "{testo}"] and campaign.recurrence == {} and campaign.send_at is None
    assert AuditEntry.objects.filter(action="campaign.created", actor=author).exists()

    detail = client.get(f"/campagne/{campaign.pk}/").content.decode()
    assert "Domani scuole chiuse per neve.<br><br>https://comune.example/neve" in detail  # WhatsApp free form
    assert f"Comunicazione del {town.name}: Domani scuole chiuse per neve." in detail  # the template as sent
    assert "Telegram" in detail and "Stima" in detail and "3 destinatari" in detail
    assert "Bozza" in detail and ">draft<" not in detail

    telegram_only = _draft(client, town, on_telegram, title="Strade")
    assert telegram_only.status_code == 302
    assert Campaign.objects.get(title="Strade").template_id is None


def test_weekly_recurrence_from_checkboxes_and_a_time(client, town, alerts):
    login(client, make_staff("carla", town))
    h.template(town)
    template = h.template(town)
    response = _draft(client, town, alerts, timing="repeat", weekdays=["0", "3"], repeat_time="10:30",
                      **{"pick-template": template.pk, "tpl-p1": "{comune}", "tpl-p2": "{testo}"})
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.recurrence == {"weekdays": [0, 3], "time": "10:30"}
    assert "Ogni lunedì e giovedì alle 10:30" in client.get(f"/campagne/{campaign.pk}/").content.decode()
    edit = client.get(f"/campagne/{campaign.pk}/modifica/").content.decode()
    assert 'value="10:30"' in edit and 'value="repeat"' in edit
    refused = _draft(client, town, alerts, title="Senza giorni", timing="repeat", repeat_time="10:30")
    assert "Selezionare almeno un giorno." in refused.content.decode()


def test_four_eyes_then_start_progress_and_report(client, town, alerts, monkeypatch):
    monkeypatch.setattr(services, "APPROVAL_THRESHOLD", 1)
    author = make_staff("carla", town, role="supervisor")
    second = make_staff("sara", town, role="supervisor")
    campaign = h.campaign(town, [alerts], author=author, category=Campaign.Category.PUBLIC_UTILITY)
    login(client, author, verified=True)
    page = client.get(f"/campagne/{campaign.pk}/").content.decode()
    assert "Chiedi l&#x27;approvazione" in page
    client.post(f"/campagne/{campaign.pk}/azione/submit/")
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.AWAITING_APPROVAL
    page = client.get(f"/campagne/{campaign.pk}/").content.decode()
    assert "/azione/approve/" not in page and "quattro occhi" in page
    client.post(f"/campagne/{campaign.pk}/azione/approve/")  # refused by the service
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.AWAITING_APPROVAL

    login(client, second, verified=True)
    assert "/azione/approve/" in client.get(f"/campagne/{campaign.pk}/").content.decode()
    client.post(f"/campagne/{campaign.pk}/azione/approve/")
    campaign.refresh_from_db()
    assert (campaign.state, campaign.approved_by) == (Campaign.State.SCHEDULED, second)
    client.post(f"/campagne/{campaign.pk}/azione/start/")
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING and campaign.recipients_count == 3
    assert AuditEntry.objects.filter(action="campaign.started", actor=second).exists()

    fragment = client.get(f"/campagne/{campaign.pk}/avanzamento/", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="0"' in html and "HX-Refresh" not in fragment
    rows = list(Delivery.objects.filter(campaign=campaign).order_by("pk"))
    Delivery.objects.filter(pk=rows[0].pk).update(state="read")
    Delivery.objects.filter(pk=rows[1].pk).update(state="delivered")
    Delivery.objects.filter(pk=rows[2].pk).update(state="failed", error_code=131026,
                                                  error_title="Messaggio non recapitabile a questo numero.")
    services.finish_completed()
    fragment = client.get(f"/campagne/{campaign.pk}/avanzamento/", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'aria-valuenow="100"' in html and "hx-trigger" not in html and fragment["HX-Refresh"] == "true"

    report = client.get(f"/campagne/{campaign.pk}/rapporto/").content.decode()
    assert "Messaggio non recapitabile a questo numero." in report and "131026" in report
    assert 'role="img"' in report and "Accettati dal canale" in report and "67%" in report
    assert f"/campagne/{campaign.pk}/rapporto.csv" in report


def test_list_filters_readable_states_and_navigation(client, town, alerts):
    login(client, make_staff("carla", town))
    h.campaign(town, [alerts], title="Bozza di prova")
    h.campaign(town, [alerts], title="Già partita", state=Campaign.State.DONE)
    page = client.get("/campagne/").content.decode()
    assert "Bozza di prova" in page and "Già partita" in page and "Completata" in page
    assert ">done<" not in page and ">draft<" not in page
    assert 'href="/campagne/"' in page  # the header's "Campagne"
    only_done = client.get("/campagne/?state=done").content.decode()
    assert "Già partita" in only_done and "Bozza di prova" not in only_done


def test_other_towns_and_roles(client, town, alerts):
    campaign = h.campaign(town, [alerts])
    other = make_staff("estraneo", Municipality.objects.create(slug="altro", name="Altro"))
    login(client, other)
    for url in (f"/campagne/{campaign.pk}/", f"/campagne/{campaign.pk}/rapporto/",
                f"/campagne/{campaign.pk}/avanzamento/", f"/campagne/{campaign.pk}/modifica/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/campagne/{campaign.pk}/azione/submit/").status_code == 404
    operator = make_staff("olga", town)
    login(client, operator)
    campaign.state = Campaign.State.SENDING
    campaign.save()
    assert "/azione/pause/" not in client.get(f"/campagne/{campaign.pk}/").content.decode()
    client.post(f"/campagne/{campaign.pk}/azione/pause/")  # pausing is a supervisor's decision
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING
    client.logout()
    assert client.get("/campagne/").status_code == 302


def test_media_attachment_image_or_pdf_only(client, town, telegram):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.console.test_browser import PICTURE

    roads = h.make_list(town, "viabilita")
    h.subscribe(roads, h.citizen(town, "+393470000398"), account=telegram)
    login(client, make_staff("carla", town))
    refused = _draft(client, town, roads, media=SimpleUploadedFile("virus.exe", b"MZ", content_type="application/x-msdownload"))
    assert "Allegare un&#x27;immagine JPEG o PNG o un documento PDF." in refused.content.decode()
    saved = _draft(client, town, roads, text="", media=SimpleUploadedFile("neve.png", PICTURE, content_type="image/png"))
    assert saved.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.media_kind == "image" and campaign.media.name.endswith(".png")
    detail = client.get(f"/campagne/{campaign.pk}/").content.decode()
    assert f'src="{campaign.media.url}"' in detail and "Telegram" in detail
