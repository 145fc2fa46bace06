"""An administrator changes hours, texts, keywords, lists and policies in the Italian admin; the next
message follows the change, with no restart (nothing is cached)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.test import Client

from sportello.broadcasts.models import MailingList
from sportello.citizens.models import ConsentPolicy
from sportello.policies.models import Closure, KeywordCommand, OpeningInterval, ServicePolicy
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client(settings):
    settings.SPORTELLO_2FA_REQUIRED_ROLE = None  # the second factor has its own tests (console)
    user = get_user_model().objects.create_superuser("amministratore", "admin@example.org", "x" * 16)
    client = Client()
    client.force_login(user)
    return client


def _form_data(response) -> dict:
    """What the browser would post back for an unchanged admin change form (main form and inlines)."""
    data: dict = {}

    def add(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.JSONField):
                data[key] = json.dumps(value if value is not None else [])
            elif isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            add(form)
    return data


def _post_change(client: Client, url: str, **changes) -> None:
    data = _form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def test_hours_text_keyword_and_list_changes_apply_to_the_next_message(world, phone, admin_client):
    apply_preset("rimini", world.municipality)
    policy = ServicePolicy.objects.get(municipality=world.municipality)
    citizen = phone("+393520000001")
    citizen.says("Buongiorno, vorrei sapere gli orari della piscina", datetime(2026, 11, 24, 16, 0))
    assert citizen.new_texts() == []  # Tuesday 9–17: open

    # Tuesday afternoon closes at 15:00 now, with a new out-of-hours text: both through the admin form.
    url = f"/admin/policies/servicepolicy/{policy.pk}/change/"
    data = _form_data(admin_client.get(url))
    tuesday = next(k for k, v in data.items() if k.endswith("-weekday") and v == "1")
    data[tuesday.replace("-weekday", "-closes")] = "15:00"
    data["closed_reply_text"] = "Ufficio chiuso. Riapriamo {riapertura}."
    assert admin_client.post(url, data).status_code == 302
    assert OpeningInterval.objects.get(policy=policy, weekday=1).closes.hour == 15
    citizen.says("E domani?", datetime(2026, 11, 24, 16, 5))
    assert citizen.new_texts() == ["Ufficio chiuso. Riapriamo mercoledì 25 novembre alle 9:00."]

    # A new opt-in word, in the admin.
    command = KeywordCommand.objects.get(municipality=world.municipality, phrases="ISCRIZIONE ON")
    _post_change(admin_client, f"/admin/policies/keywordcommand/{command.pk}/change/",
                 phrases="ISCRIZIONE ON\nISCRIVIMI SUBITO")
    citizen.says("Iscrivimi subito!", datetime(2026, 11, 25, 9, 30))
    assert citizen.new()[0]["type"] == "interactive"

    # A new tag on a list.
    emergencies = MailingList.objects.get(municipality=world.municipality, slug="emergenze")
    _post_change(admin_client, f"/admin/broadcasts/mailinglist/{emergencies.pk}/change/",
                 tags=json.dumps(["#EMERGENZE", "#ALLERTA"]))
    citizen.says("ISCRIZIONE ON #ALLERTA", datetime(2026, 11, 25, 9, 40))
    [consent] = citizen.new()
    assert "«Emergenze»" in consent["text"] and "«Pubblica utilità»" not in consent["text"]


def test_policy_text_and_closures_changed_in_admin_and_model(world, phone, admin_client):
    apply_preset("ancona", world.municipality)
    policy = ConsentPolicy.objects.get(municipality=world.municipality)
    _post_change(admin_client, f"/admin/citizens/consentpolicy/{policy.pk}/change/",
                 text="Nuovo testo della policy: privacy, contenuti, regole. Per uscire scrivi CANCELLAMI.")
    citizen = phone("+393520000002")
    citizen.says("ISCRIVIMI", datetime(2026, 11, 24, 10, 0))
    assert "Nuovo testo della policy" in citizen.new()[0]["text"]
    citizen.taps("Accetto", datetime(2026, 11, 24, 10, 1))
    citizen.new()
    # Accepted: the version is now evidence; the admin shows it read-only.
    page = admin_client.get(f"/admin/citizens/consentpolicy/{policy.pk}/change/")
    assert "text" not in page.context["adminform"].form.fields

    # A closure added directly on the model applies to the next message too.
    Closure.objects.create(policy=policy.municipality.service_policy, name="Trasloco degli uffici",
                           starts=date(2026, 11, 26), ends=date(2026, 11, 27),
                           reply_text="Siamo in trasloco. Riapriamo {riapertura}.")
    other = phone("+393520000003")
    other.says("Buongiorno", datetime(2026, 11, 26, 10, 0))
    assert other.new_texts() == ["Siamo in trasloco. Riapriamo lunedì 30 novembre alle 9:00."]


def test_admin_pages_render_in_italian(admin_client, number):
    apply_preset("livorno", number.account.municipality)
    for path in ("/admin/policies/servicepolicy/", "/admin/policies/keywordcommand/", "/admin/policies/channelpolicy/",
                 "/admin/policies/redirect/", "/admin/broadcasts/mailinglist/", "/admin/broadcasts/subscription/",
                 "/admin/citizens/consentpolicy/", "/admin/citizens/consentrecord/", "/admin/policies/autoreply/",
                 "/admin/policies/consentrequest/", "/admin/citizens/consentpolicy/add/"):
        response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE="it")
        assert response.status_code == 200, path
    policy = ServicePolicy.objects.get()
    page = admin_client.get(f"/admin/policies/servicepolicy/{policy.pk}/change/", HTTP_ACCEPT_LANGUAGE="it")
    assert "Festività" in page.content.decode() and "Orari di apertura" in page.content.decode()
