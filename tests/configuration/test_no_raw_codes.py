"""No raw code on any settings page: the settings' own choices (channel modes, redirect kinds, command actions, list
categories, staff roles, template statuses and categories, channels) are shown by their label.

tests/console/test_no_raw_codes.py walks the console with conversations, cases and campaigns in every state; this
walks the settings hub's sections (and the pages they link to) with settings in every choice, with the same walker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps

from tests.console.test_no_raw_codes import discovered_pages, offending, read, walk
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db

SETTINGS_CHOICE_FIELDS = (
    "policies.ChannelPolicy.mode", "policies.Redirect.kind", "policies.KeywordCommand.action",
    "broadcasts.MailingList.category", "municipalities.StaffMembership.role", "municipalities.ChannelAccount.channel",
    "whatsapp.MessageTemplate.status", "whatsapp.MessageTemplate.category",
)


def settings_codes() -> set[str]:
    """Stored values that differ from their label, minus words of the labels themselves (as the console walk)."""
    pairs: list[tuple[str, str]] = []
    for path in SETTINGS_CHOICE_FIELDS:
        app_label, model, name = path.split(".")
        field = apps.get_model(app_label, model)._meta.get_field(name)
        pairs += [(str(value), str(label)) for value, label in field.flatchoices if value]
    label_words = {w for _, label in pairs for w in re.findall(r"\w+", label.lower())}
    return {value for value, label in pairs if value.lower() != label.lower() and value.lower() not in label_words}


def populate(town: Any) -> None:
    from sportello.broadcasts.models import MailingList
    from sportello.connectors.whatsapp.models import MessageTemplate, WhatsAppNumber
    from sportello.municipalities.models import ChannelAccount
    from sportello.policies.models import ChannelPolicy, KeywordCommand, Redirect

    modes = [value for value, _label in ChannelPolicy.Mode.choices]
    for n, (channel, _label) in enumerate(ChannelAccount.Channel.choices):
        account = ChannelAccount.objects.create(municipality=town, channel=channel, label=f"Canale {n + 1}")
        ChannelPolicy.objects.update_or_create(account=account, defaults={
            "mode": modes[n % len(modes)], "report_redirect_text": "Scriva all'URP.",
            "outbound_only_text": "Questo canale non riceve messaggi."})
    whatsapp = ChannelAccount.objects.filter(municipality=town, channel="whatsapp").first()
    WhatsAppNumber.objects.create(account=whatsapp, phone_number_id="100000000000099",
                                  display_phone_number="+39 070 000 0099", waba_id="209876543210099")
    for kind, _label in Redirect.Kind.choices:
        Redirect.objects.create(municipality=town, name=f"Rinvio {_label}", kind=kind, text="Prenoti sul sito.")
    lists = [MailingList.objects.create(municipality=town, slug=f"lista-{value.replace('_', '-')}",
                                        name=f"Lista {n + 1}", category=value)
             for n, (value, _label) in enumerate(MailingList.Category.choices)]
    for action, _label in KeywordCommand.Action.choices:
        command = KeywordCommand.objects.create(municipality=town, action=action, phrases=f"PAROLA {_label.upper()}",
                                                reply_text="Fatto.")
        command.lists.add(lists[0])
    statuses = [value for value, _label in MessageTemplate.Status.choices]
    for n, (category, _label) in enumerate(MessageTemplate.Category.choices * 2):
        MessageTemplate.objects.create(account=whatsapp, name=f"modello_{n}", language="it", category=category,
                                       body="Gentile cittadino, {{1}}.", status=statuses[n % len(statuses)])
    make_staff("bruno", town, role="supervisor", first_name="Bruno")
    make_staff("dora", town, role="administrator", first_name="Dora")


def test_the_settings_vocabulary_holds_the_codes():
    codes = settings_codes()
    assert {"two_way", "info_only", "outbound_only", "booking", "subscribe", "unsubscribe", "public_utility",
            "administrator", "supervisor", "webform", "approved", "rejected", "utility", "marketing"} <= codes
    assert offending("Modalità: info_only", codes) == ["info_only"]


@pytest.mark.parametrize("role", ["supervisor", "administrator"])
def test_no_raw_code_on_any_settings_page(role):
    from django.urls import reverse

    from sportello.municipalities.models import Municipality

    town = Municipality.objects.create(slug="borgo", name="Comune di Borgo")
    populate(town)
    user = make_staff("capo", town, role=role, first_name="Capo")
    client = signed_in(user)
    start = [url for url in discovered_pages(user) if url.startswith("/impostazioni/") or url == "/risposte-rapide/"]
    assert reverse("configuration:channels") in start and reverse("configuration:commands") in start
    assert reverse("organisation:lists") in start and reverse("whatsapp:templates") in start
    if role == "administrator":
        assert reverse("organisation:staff") in start
    problems, visited = walk(client, start, settings_codes())
    assert len(visited) > len(start)  # the detail pages (each channel, redirect, command, list) were read too
    assert problems == {}, "\n".join(f"{url}: {codes}" for url, codes in sorted(problems.items()))


def test_the_walk_would_see_a_raw_code():
    """The checker itself: a page printing a stored value is caught."""
    page = read('<table><tr><td>Canale 1</td><td>info_only</td></tr></table><p title="two_way">Bidirezionale</p>')
    assert offending(" ".join(page.parts), settings_codes()) == ["info_only"]
