"""Presets apply idempotently (command, demo); consent versions are not silently re-used for new list kinds."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.models import ConsentPolicy, ConsentRecord
from sportello.municipalities.models import Municipality
from sportello.policies.models import (
    ChannelPolicy,
    Closure,
    KeywordCommand,
    OpeningInterval,
    Redirect,
    ServicePolicy,
)
from sportello.policies.presets import NAMES, apply_preset, get_preset


def _snapshot(municipality):
    return (
        list(OpeningInterval.objects.filter(policy__municipality=municipality).values_list("weekday", "opens", "closes")),
        list(Closure.objects.filter(policy__municipality=municipality).values_list("name", "starts", "ends")),
        list(KeywordCommand.objects.filter(municipality=municipality).values_list("pk", "action", "phrases")),
        list(MailingList.objects.filter(municipality=municipality).values_list("pk", "slug", "requires_consent")),
        list(ConsentPolicy.objects.filter(municipality=municipality).values_list("pk", "version", "text_hash")),
        list(Redirect.objects.filter(municipality=municipality).values_list("pk", "name")),
        list(ChannelPolicy.objects.filter(account__municipality=municipality).values_list("mode", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_every_preset_applies_idempotently(name, number):
    municipality = number.account.municipality
    apply_preset(name, municipality)
    first = _snapshot(municipality)
    apply_preset(name, municipality)
    assert _snapshot(municipality) == first
    preset = get_preset(name)
    assert ServicePolicy.objects.get(municipality=municipality).preset == preset["name"]
    assert ChannelPolicy.objects.get(account=number.account).mode == preset["channel"]["mode"]
    assert OpeningInterval.objects.filter(policy__municipality=municipality).count() == sum(
        len(spans) for spans in preset["hours"].values()
    )


@pytest.mark.django_db
def test_switching_presets_and_the_management_command(number):
    municipality = number.account.municipality
    out = StringIO()
    call_command("apply_preset", "rimini", "--municipality", municipality.slug, stdout=out)
    assert "rimini" in out.getvalue() and "emergenze" in out.getvalue()
    call_command("apply_preset", "livorno", "--municipality", municipality.slug, stdout=StringIO())
    phrases = set(KeywordCommand.objects.filter(municipality=municipality).values_list("phrases", flat=True))
    assert phrases == {"👍", "Cancellami", "STOP"}  # Rimini's commands are gone, its lists kept
    assert MailingList.objects.filter(municipality=municipality, slug="emergenze").exists()
    assert Closure.objects.get(policy__municipality=municipality).every_year
    with pytest.raises(CommandError):
        call_command("apply_preset", "atlantide", "--municipality", municipality.slug)
    with pytest.raises(CommandError):
        call_command("apply_preset", "rimini", "--municipality", "nessuno")


@pytest.mark.django_db
def test_load_demo_with_a_preset(settings, monkeypatch):
    settings.WHATSAPP_PHONE_NUMBER_ID = ""
    call_command("load_demo", preset="san-giuliano", stdout=StringIO())
    demo = Municipality.objects.get(slug="demo")
    assert demo.name == "Comune di San Giuliano Milanese"
    assert KeywordCommand.objects.filter(municipality=demo, phrases="ATTIVA").exists()


@pytest.mark.django_db
def test_accepted_policy_text_is_never_rewritten(number):
    from django.utils import timezone

    from sportello.citizens.models import Citizen

    municipality = number.account.municipality
    apply_preset("rimini", municipality)
    policy = ConsentPolicy.objects.get(municipality=municipality)
    citizen = Citizen.objects.create(municipality=municipality)
    ConsentRecord.objects.create(citizen=citizen, policy=policy, policy_version=1, policy_hash=policy.text_hash,
                                 action="accepted", at=timezone.now())
    policy.text = "modificato"
    policy.save()
    apply_preset("rimini", municipality)
    policy.refresh_from_db()
    assert policy.text == "modificato"  # evidence stays as accepted (the admin shows it read-only)


@pytest.mark.django_db(transaction=True)
def test_a_new_policy_version_is_needed_for_a_new_list_kind(world, phone):
    apply_preset("rimini", world.municipality)
    anna = phone("+393530000001")
    anna.says("ISCRIZIONE ON #EMERGENZE", datetime(2026, 11, 23, 10, 0))
    anna.new()
    anna.taps("Accetto", datetime(2026, 11, 23, 10, 1))
    anna.new()
    # The office adds an events list and publishes version 2 that covers it.
    MailingList.objects.create(municipality=world.municipality, slug="eventi", name="Eventi", category="events",
                               tags=["#EVENTI"])
    v1 = ConsentPolicy.objects.get(municipality=world.municipality, version=1)
    ConsentPolicy.objects.create(municipality=world.municipality, version=2, title="Policy di WhatsUrp (2)",
                                 text=v1.text + "\n\nNovità: la lista #EVENTI con gli eventi in città.",
                                 list_kinds=["emergency", "public_utility", "events"])
    # The old acceptance still covers what it named: no question for public utility…
    anna.says("ISCRIZIONE ON #PUBBLICAUTILITA", datetime(2026, 11, 23, 10, 5))
    [welcome] = anna.new()
    assert welcome["type"] == "text" and "«Pubblica utilità»" in welcome["text"]
    # …but not for the new kind: version 2 is asked for and recorded.
    anna.says("ISCRIZIONE ON #EVENTI", datetime(2026, 11, 23, 10, 6))
    [consent] = anna.new()
    assert consent["type"] == "interactive" and "Policy di WhatsUrp (2)" in consent["text"]
    assert not Subscription.objects.filter(mailing_list__slug="eventi").exists()
    anna.taps("Accetto", datetime(2026, 11, 23, 10, 7))
    anna.new()
    latest = ConsentRecord.objects.filter(action="accepted").latest("at")
    assert (latest.policy_version, latest.lists) == (2, ["eventi"])
    assert Subscription.objects.get(mailing_list__slug="eventi").consent == latest
