"""The first-run page: who may see it, the one-time token, what it creates, and that it never shows again."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sportello.console.models import CannedReply
from sportello.core.models import AuditEntry
from sportello.firstrun import tokens
from sportello.firstrun.models import MunicipalityLogo, SetupToken
from sportello.municipalities.models import ChannelAccount, Municipality, StaffMembership
from sportello.policies.models import KeywordCommand, OpeningInterval, ServicePolicy
from tests.staff import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")  # messages asserted in the source language (tests/firstrun: it too)

FORM = {
    "name": "Comune di Borgo Nuovo", "office_name": "URP", "province": "", "channel": "later", "setup": "blank",
    "admin_username": "sindaca", "admin_email": "urp@borgonuovo.example", "admin_password": PASSWORD,
    "admin_password2": PASSWORD,
}


def _png(size: tuple[int, int] = (32, 32)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 102, 204)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_empty_installation_leads_every_console_url_to_the_setup_page(client):
    for url in ("/", "/pratiche/", "/impostazioni/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/configurazione-iniziale/", url
    # Webhooks, API, health and citizen pages are never redirected.
    assert client.get("/api/v1/conversations").status_code == 401
    assert client.get("/configurazione-iniziale/").status_code == 200


def test_token_is_required_when_nobody_can_sign_in(client, capsys):
    import sys

    secret = tokens.announce("http://127.0.0.1:8000", sys.stdout)
    assert secret and secret in capsys.readouterr().out
    assert SetupToken.objects.count() == 1 and secret not in SetupToken.objects.get().digest  # only the digest

    refused = client.post("/configurazione-iniziale/", {**FORM, "token": "wrong"})
    assert refused.status_code == 400 and not Municipality.objects.exists()
    assert AuditEntry.objects.filter(action="installation.setup_token_refused").exists()

    logo = SimpleUploadedFile("stemma.png", _png(), content_type="image/png")
    done = client.post("/configurazione-iniziale/", {**FORM, "token": secret, "province": "CA", "logo": logo})
    assert done.status_code == 302 and done["Location"] == "/"
    town = Municipality.objects.get()
    assert town.name == "Comune di Borgo Nuovo" and town.slug == "borgo-nuovo"
    admin = get_user_model().objects.get(username="sindaca")
    assert admin.is_superuser and admin.check_password(PASSWORD)
    assert StaffMembership.objects.get(user=admin, municipality=town).role == "administrator"
    # The blank defaults: the same function as the plain demo's.
    policy = ServicePolicy.objects.get(municipality=town)
    assert policy.preset == "base" and policy.holidays_subdivision == "CA" and policy.observe_national_holidays
    assert sorted(OpeningInterval.objects.filter(policy=policy).values_list("weekday", "opens", "closes"))[:2] == [
        (0, __import__("datetime").time(9), __import__("datetime").time(13)),
        (1, __import__("datetime").time(9), __import__("datetime").time(13)),
    ]
    assert OpeningInterval.objects.filter(policy=policy).count() == 7
    assert set(KeywordCommand.objects.filter(municipality=town).values_list("action", flat=True)) == {
        "subscribe", "unsubscribe", "list", "stop"}
    assert CannedReply.objects.filter(municipality=town).count() == 4
    assert MunicipalityLogo.objects.get(municipality=town).content_type == "image/png"
    entry = AuditEntry.objects.get(action="installation.set_up")
    assert entry.data["administrator"] == "sindaca" and entry.data["rules"] == "blank"
    assert not SetupToken.objects.exists()  # one-time: every token is gone

    visitor = Client()
    served = visitor.get(f"/comuni/{town.slug}/logo")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    # Never again: the page is gone, console URLs go on as usual.
    assert visitor.get("/configurazione-iniziale/").status_code == 404
    assert visitor.post("/configurazione-iniziale/", {**FORM, "token": secret}).status_code == 404
    assert visitor.get("/accesso/").status_code == 200


def test_no_token_is_printed_once_someone_can_sign_in(capsys):
    import sys

    get_user_model().objects.create_superuser("root", password=PASSWORD)
    assert tokens.announce("http://x", sys.stdout) is None
    assert capsys.readouterr().out == ""


def test_expired_token_is_refused(client):
    from datetime import timedelta

    from django.utils import timezone

    secret = tokens.issue()
    SetupToken.objects.update(created_at=timezone.now() - timedelta(hours=tokens.SETUP_TOKEN_HOURS + 1))
    response = client.post("/configurazione-iniziale/", {**FORM, "token": secret})
    assert response.status_code == 400 and not Municipality.objects.exists()


def test_signed_in_superuser_sets_up_with_a_preset_and_a_channel(client):
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    login(client, root, verified=True)
    assert client.get("/")["Location"] == "/configurazione-iniziale/"
    page = client.get("/configurazione-iniziale/")
    assert b'name="token"' not in page.content and b'name="admin_username"' not in page.content
    response = client.post("/configurazione-iniziale/", {
        "name": "Comune di Sant'Elia", "office_name": "URP", "province": "AN", "channel": "whatsapp",
        "whatsapp_phone_number_id": "123456789012345", "whatsapp_access_token": "token",
        "whatsapp_app_secret": "secret", "setup": "ancona",
    }, follow=True)
    assert response.status_code == 200
    town = Municipality.objects.get()
    assert town.name == "Comune di Sant'Elia"  # the preset's rules, not its town's name
    assert ServicePolicy.objects.get(municipality=town).preset == "ancona"
    assert ChannelAccount.objects.get(municipality=town).channel == "whatsapp"
    assert StaffMembership.objects.get(user=root).role == "administrator"
    assert any("verify token" in str(m) for m in response.context["messages"])  # generated, shown once


def test_a_superuser_sets_up_a_second_factor_first(client):
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    login(client, root)  # signed in, second factor not set up yet
    to_enrol = client.get("/configurazione-iniziale/")
    assert to_enrol.status_code == 302 and to_enrol["Location"].startswith("/accesso/due-passaggi/")
    assert client.get(to_enrol["Location"]).status_code == 200  # the enrolment page itself, no redirect loop
    login(client, root, verified=True)
    assert client.get("/")["Location"] == "/configurazione-iniziale/"


def test_other_signed_in_staff_cannot_set_up(client):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    assert client.get("/configurazione-iniziale/")["Location"].startswith("/accesso/")  # anonymous: sign in first
    login(client, clerk)
    assert client.get("/configurazione-iniziale/").status_code == 403
    assert client.get("/").status_code != 302 or client.get("/")["Location"] != "/configurazione-iniziale/"


@pytest.mark.parametrize("payload, error", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "PNG, JPEG or WebP"),
    (b"GIF89a" + b"\x00" * 64, "PNG, JPEG or WebP"),
])
def test_logo_is_checked_by_content(client, payload, error):
    secret = tokens.issue()
    logo = SimpleUploadedFile("stemma.png", payload, content_type="image/png")
    response = client.post("/configurazione-iniziale/", {**FORM, "token": secret, "logo": logo})
    assert response.status_code == 400 and error in response.content.decode()
    assert not Municipality.objects.exists()


def test_oversized_logo_is_refused(client):
    secret = tokens.issue()
    logo = SimpleUploadedFile("stemma.png", _png() + b"\x00" * (1024 * 1024), content_type="image/png")
    response = client.post("/configurazione-iniziale/", {**FORM, "token": secret, "logo": logo})
    assert response.status_code == 400 and "1 MB" in response.content.decode()


def test_channel_fields_are_required_for_the_chosen_channel(client):
    secret = tokens.issue()
    response = client.post("/configurazione-iniziale/", {**FORM, "token": secret, "channel": "telegram"})
    assert response.status_code == 400 and "Required for this channel" in response.content.decode()
