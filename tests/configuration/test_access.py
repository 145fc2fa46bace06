"""Who may open the settings: supervisors and administrators with the second factor; operators 403; another town's
objects 404; the hub lists the registered sections and the console header shows "Impostazioni"."""

from __future__ import annotations

import pytest

from sportello.policies.models import KeywordCommand, Redirect
from tests.staff import login

PAGES = ["/impostazioni/", "/impostazioni/orari/", "/impostazioni/emergenza/", "/impostazioni/canali/",
         "/impostazioni/comandi/", "/impostazioni/rinvii/nuovo/", "/impostazioni/comandi/nuovo/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_supervisor_opens_every_page(office, url):
    assert office.client().get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_operator_gets_403(office, url):
    assert office.client(office.operator).get(url).status_code == 403


@pytest.mark.django_db
def test_operator_cannot_post_either(office):
    response = office.client(office.operator).post("/impostazioni/emergenza/", {"switch": "1", "confirm": "on"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_supervisor_without_second_factor_is_sent_to_verify(office, client):
    login(client, office.supervisor, verified=False)
    response = client.get("/impostazioni/")
    assert response.status_code == 302 and "/accesso/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_goes_to_sign_in(office, client):
    response = client.get("/impostazioni/orari/")
    assert response.status_code == 302 and "/accesso/" in response["Location"]


@pytest.mark.django_db
def test_other_towns_objects_are_404(office):
    command = KeywordCommand.objects.create(municipality=office.other_town, action="subscribe", phrases="ISCRIVIMI")
    redirect = Redirect.objects.create(municipality=office.other_town, name="CIE", kind="booking", text="Vada al sito")
    client = office.client()
    assert client.get(f"/impostazioni/comandi/{command.pk}/").status_code == 404
    assert client.post(f"/impostazioni/comandi/{command.pk}/elimina/").status_code == 404
    assert client.get(f"/impostazioni/rinvii/{redirect.pk}/").status_code == 404
    assert client.post(f"/impostazioni/rinvii/{redirect.pk}/elimina/").status_code == 404
    assert client.get(f"/impostazioni/canali/{office.other_account.pk}/").status_code == 404
    assert client.post(f"/impostazioni/canali/{office.other_account.pk}/", {"mode": "outbound_only"}).status_code == 404
    assert client.get("/impostazioni/orari/?comune=altrove").status_code == 404
    assert KeywordCommand.objects.filter(pk=command.pk).exists() and Redirect.objects.filter(pk=redirect.pk).exists()


@pytest.mark.django_db
def test_supervisor_in_one_town_and_operator_in_another_configures_only_the_first(office):
    from sportello.municipalities.models import StaffMembership

    StaffMembership.objects.create(user=office.supervisor, municipality=office.other_town, role="operator")
    command = KeywordCommand.objects.create(municipality=office.other_town, action="subscribe", phrases="ISCRIVIMI")
    client = office.client()
    assert client.get(f"/impostazioni/comandi/{command.pk}/").status_code == 404
    assert client.get("/impostazioni/?comune=altrove").status_code == 404


@pytest.mark.django_db
def test_hub_lists_sections_and_picks_the_town(office):
    from sportello.municipalities.models import StaffMembership

    StaffMembership.objects.create(user=office.supervisor, municipality=office.other_town, role="administrator")
    client = office.client()
    body = client.get("/impostazioni/").content.decode()
    for label in ("Orari di apertura", "Emergenza", "Canali e rinvii", "Comandi", "Risposte rapide"):
        assert label in body
    assert 'href="/impostazioni/orari/?comune=altrove"' in body  # first town by name: Altrove
    assert 'name="comune"' in body  # the municipality picker
    body = client.get("/impostazioni/?comune=borgo").content.decode()
    assert "Impostazioni · Comune di Borgo" in body and 'href="/impostazioni/orari/?comune=borgo"' in body


@pytest.mark.django_db
def test_header_entry_only_for_supervisors(office):
    assert 'href="/impostazioni/"' in office.client().get("/impostazioni/").content.decode()
    assert 'href="/impostazioni/"' not in office.client(office.operator).get("/").content.decode()


def test_sections_registered_by_other_apps_appear():
    from sportello.configuration import sections

    urls = [s.url_name for s in sections.all_sections()]
    assert urls[:4] == ["configuration:emergency", "configuration:hours", "configuration:channels",
                        "configuration:commands"]
    assert "console:canned_list" in urls
