"""Roles, navigation, tenant isolation (page, fragment, attachment, API) and 2FA enforcement."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sportello.api.models import ApiToken
from sportello.console import navigation, panels
from sportello.municipalities import roles
from tests.console.conftest import PASSWORD, incoming, login, make_staff

pytestmark = pytest.mark.django_db


def test_role_order_and_superusers(town, other_town):
    op = make_staff("op", town)
    sup = make_staff("sup", town, role="supervisor")
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    assert roles.role_in(op, town) == "operator" and roles.role_in(op, other_town) is None
    assert roles.has_role(sup, town, "operator") and roles.has_role(sup, town, "supervisor")
    assert not roles.has_role(sup, town.pk, "administrator")
    assert not roles.has_role(op, town, "supervisor")
    assert roles.role_in(root, other_town) == "administrator" and roles.has_role(root, other_town, "administrator")
    assert roles.highest_role(op) == "operator" and roles.highest_role(sup) == "supervisor"


def test_navigation_shows_only_permitted_entries(town, rf):
    op = make_staff("op", town)
    sup = make_staff("sup", town, role="supervisor")
    labels = lambda user: [str(e["label"]) for e in navigation.entries_for(user, "/")]
    assert "Conversazioni" in labels(op) and "Impostazioni" not in labels(op)
    assert "Impostazioni" in labels(sup)
    from django.contrib.auth.models import AnonymousUser

    assert navigation.entries_for(AnonymousUser(), "/") == []


def test_panels_registry_renders_other_apps_panels(town, client, operator, settings):
    from pathlib import Path

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}]
    conversation = incoming(client)
    panels.register("console/_test_panel.html", lambda request, c: {"label": f"pratica di {c.pk}"}, order=1)
    panels.register("console/_hidden_panel.html", lambda request, c: None)
    try:
        login(client, operator)
        html = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
        assert f"pratica di {conversation.pk}" in html
    finally:
        panels._panels.pop("console/_test_panel.html")
        panels._panels.pop("console/_hidden_panel.html")


def test_anonymous_is_sent_to_login(client, town):  # an installed town: an empty one leads to first run
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accesso/?next=/")
    assert client.get("/accesso/").status_code == 200


def test_operator_of_a_cannot_open_b_by_url_fragment_attachment_or_api(client, town, other_town, operator):
    ours = incoming(client)
    theirs = incoming(client, "Richiesta a Sassari", phone="393339999999", phone_number_id="9988776655443")
    assert theirs.municipality == other_town and ours.municipality == town
    login(client, operator)
    assert client.get(f"/conversazioni/{ours.pk}/").status_code == 200
    for url in (
        f"/conversazioni/{theirs.pk}/", f"/conversazioni/{theirs.pk}/messaggi/", f"/conversazioni/{theirs.pk}/dettagli/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/conversazioni/{theirs.pk}/invia/", f"/conversazioni/{theirs.pk}/assegna/",
                f"/conversazioni/{theirs.pk}/stato/"):
        assert client.post(url, {"text": "x", "idempotency_key": "k1", "state": "closed"}).status_code == 404, url
    listing = client.get("/").content.decode()
    assert "Richiesta a Sassari" not in listing and "anagrafe" in listing
    _, token = ApiToken.issue(operator)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/conversations/{theirs.pk}").status_code == 404
    assert api.get(f"/api/v1/conversations/{ours.pk}").status_code == 200


def test_supervisor_must_enrol_then_verify(client, town):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sup = make_staff("sup", town, role="supervisor")
    response = client.post("/accesso/", {"username": "sup", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accesso/due-passaggi/")
    assert client.get("/risposte-rapide/")["Location"].startswith("/accesso/due-passaggi/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=sup, confirmed=False)
    bad = client.post("/accesso/due-passaggi/", {"code": "000000", "next": "/"})
    assert bad.status_code == 200 and "Codice non valido" in bad.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/accesso/due-passaggi/", {"code": code, "next": "/"})["Location"] == "/"
    assert client.get("/").status_code == 200
    # Next session: password, then the code again.
    out = client.post("/accesso/esci/")
    assert out.status_code == 302, out
    again = client.post("/accesso/", {"username": "sup", "password": PASSWORD})
    assert again.status_code == 302, again.content
    assert client.get("/")["Location"].startswith("/accesso/verifica/")


def test_operator_may_work_without_2fa_and_htmx_gets_hx_redirect(client, town, operator):
    login(client, operator)
    assert client.get("/").status_code == 200
    sup = make_staff("sup2", town, role="supervisor")
    login(client, sup)
    response = client.get("/conversazioni/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accesso/due-passaggi/")


def test_repeated_failures_lock_the_account(client, town, settings):
    make_staff("bruno", town)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accesso/", {"username": "bruno", "password": "sbagliata"})
    locked = client.post("/accesso/", {"username": "bruno", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert "bloccato" in locked.content.decode()
    assert client.get("/").status_code == 302  # not signed in


def test_password_reset_sends_an_italian_email(client, town, mailoutbox=None):
    from django.core import mail

    make_staff("carla", town, email="carla@example.org")
    response = client.post("/accesso/password-dimenticata/", {"email": "carla@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "reimpostare la password" in mail.outbox[0].body and "/accesso/reimposta/" in mail.outbox[0].body


def test_pages_are_italian_with_english_available(client):
    italian = client.get("/accesso/").content.decode()
    assert 'lang="it"' in italian and "Accesso per il personale" in italian
    english = client.get("/accesso/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in english and "Staff sign-in" in english
