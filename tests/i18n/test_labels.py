"""Italian everywhere in the admin: third-party apps (django-axes, django-otp, django-tasks) and fields Django names
after themselves get their Italian from sportello/locale_vendor (see console/i18n/plain_labels.py)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from sportello.console.i18n.plain_labels import CONTEXT, WRAPPED
from tests.staff import login

VENDOR = Path(settings.BASE_DIR) / "locale_vendor" / "it" / "LC_MESSAGES" / "django.po"
ENGLISH_NAMES = ["Access attempts", "Access logs", "Access failures", "TOTP devices", "Task Results", "Django_Tasks",
                 "Tasks Database Backend", "Otp_Totp", "Django_Otp", "Axes", "Operations"]


def test_every_plain_label_has_its_italian() -> None:
    po = polib.pofile(str(VENDOR))
    translated = {(e.msgctxt, e.msgid) for e in po.translated_entries()}
    assert (CONTEXT, "TOTP devices") in WRAPPED and (None, "Django_Tasks") in WRAPPED
    missing = sorted(text for context, text in WRAPPED if (context, text) not in translated)
    assert missing == [], f"add Italian to {VENDOR.relative_to(settings.BASE_DIR)} (msgctxt \"{CONTEXT}\" for model " \
                          f"and field labels): {missing}"


def test_labels_follow_the_active_language() -> None:
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sportello.broadcasts.models import MailingList

    with translation.override("it"):
        assert str(TOTPDevice._meta.verbose_name_plural) == "dispositivi TOTP"
        assert str(AccessAttempt._meta.verbose_name_plural) == "tentativi di accesso"
        assert str(MailingList._meta.get_field("municipality").verbose_name) == "comune"
    with translation.override("en"):
        assert str(TOTPDevice._meta.verbose_name_plural) == "TOTP devices"
        assert str(MailingList._meta.get_field("municipality").verbose_name) == "municipality"


def test_field_labels_do_not_change_migrations() -> None:
    """Only display attributes are wrapped: the deconstructed field still has no verbose_name."""
    from sportello.broadcasts.models import MailingList

    _name, _path, _args, kwargs = MailingList._meta.get_field("municipality").deconstruct()
    assert "verbose_name" not in kwargs


@pytest.fixture
def italian_admin(db) -> Client:  # type: ignore[no-untyped-def]
    from sportello.municipalities.models import Municipality

    Municipality.objects.create(slug="rimini", name="Comune di Rimini")  # past the first-run page
    root = get_user_model().objects.create_superuser("radice", "radice@example.org", "una-password-lunga-42")
    client = login(Client(HTTP_ACCEPT_LANGUAGE="it"), root, verified=True)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/axes/accessattempt/", "/admin/axes/accesslog/",
                                 "/admin/otp_totp/totpdevice/", "/admin/django_tasks_database/dbtaskresult/",
                                 "/admin/otp_totp/totpdevice/add/", "/admin/broadcasts/mailinglist/add/"])
def test_the_admin_in_italian_shows_no_english_names(italian_admin: Client, url: str) -> None:
    response = italian_admin.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert [name for name in ENGLISH_NAMES if name in page] == []
    assert "Municipality" not in page


@pytest.mark.django_db
def test_the_admin_index_names_third_party_models_in_italian(italian_admin: Client) -> None:
    page = italian_admin.get("/admin/").content.decode()
    for name in ["Tentativi di accesso", "Dispositivi TOTP", "Risultati delle attività", "App di autenticazione (TOTP)",
                 "Attività in background (database)"]:
        assert name in page


@pytest.mark.django_db
def test_an_unnamed_field_is_labelled_in_italian(italian_admin: Client) -> None:
    page = italian_admin.get("/admin/broadcasts/mailinglist/add/").content.decode()
    assert ">Comune:<" in page
