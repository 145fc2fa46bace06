"""Keyword commands: phrases as tokens, conflicts refused, audit, and the “try a message” box using the pipeline's
matcher without side effects."""

from __future__ import annotations

import pytest

from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.models import ConsentPolicy
from sportello.configuration.trial import try_message
from sportello.core.models import AuditEntry
from sportello.policies.models import KeywordCommand


@pytest.fixture
def lists(office):  # type: ignore[no-untyped-def]
    alerts = MailingList.objects.create(municipality=office.town, slug="emergenze", name="Emergenze",
                                        tags=["#EMERGENZE"], requires_consent=False)
    events = MailingList.objects.create(municipality=office.town, slug="eventi", name="Eventi", tags=["#EVENTI"],
                                        requires_consent=True, category="events")
    return alerts, events


@pytest.mark.django_db
def test_command_saved_from_tokens_and_audited(office, lists):
    alerts, _events = lists
    response = office.client().post("/impostazioni/comandi/nuovo/", {
        "phrases": "ISCRIVIMI, iscrizione on\n👍", "action": "subscribe", "lists": [str(alerts.pk)],
        "accepts_tags": "on", "reply_text": "Benvenuto nelle liste {liste}.", "active": "on",
    })
    assert response.status_code == 302, response.content.decode()[-3000:]
    command = KeywordCommand.objects.get()
    assert command.municipality == office.town and command.phrase_list() == ["ISCRIVIMI", "iscrizione on", "👍"]
    assert list(command.lists.all()) == [alerts]
    entry = AuditEntry.objects.get(action="settings.command_created")
    assert entry.data["phrases"] == ["ISCRIVIMI", "iscrizione on", "👍"] and entry.data["lists"] == ["emergenze"]


@pytest.mark.django_db
def test_phrase_of_another_active_command_is_refused(office):
    KeywordCommand.objects.create(municipality=office.town, action="stop", phrases="STOP")
    response = office.client().post("/impostazioni/comandi/nuovo/", {"phrases": "stop!", "action": "unsubscribe",
                                                                      "active": "on"})
    assert response.status_code == 200 and "è già una parola chiave" in response.content.decode()
    assert KeywordCommand.objects.count() == 1


@pytest.mark.django_db
def test_phrase_without_letters_is_refused(office):
    response = office.client().post("/impostazioni/comandi/nuovo/", {"phrases": "?!", "action": "list", "active": "on"})
    assert response.status_code == 200 and "nessuno potrebbe scriverla" in response.content.decode()


@pytest.mark.django_db
def test_another_towns_lists_cannot_be_chosen(office):
    foreign = MailingList.objects.create(municipality=office.other_town, slug="x", name="X")
    response = office.client().post("/impostazioni/comandi/nuovo/", {"phrases": "ISCRIVIMI", "action": "subscribe",
                                                                      "lists": [str(foreign.pk)], "active": "on"})
    assert response.status_code == 200 and not KeywordCommand.objects.exists()


@pytest.mark.django_db
def test_try_a_message_shows_match_lists_and_reply_without_side_effects(office, lists):
    alerts, events = lists
    KeywordCommand.objects.create(municipality=office.town, action="subscribe", phrases="ISCRIVIMI",
                                  reply_text="Benvenuto in {liste}!")
    KeywordCommand.objects.create(municipality=office.town, action="stop", phrases="STOP")
    audits = AuditEntry.objects.count()

    joined = try_message(office.town, "iscrivimi #emergenze")
    assert joined.outcome == "subscribe" and joined.joins == [alerts] and joined.reply == "Benvenuto in «Emergenze»!"

    consent = try_message(office.town, "Iscrivimi #eventi")
    assert consent.outcome == "no_policy" and consent.joins == []
    ConsentPolicy.objects.create(municipality=office.town, version=1, title="Informativa", text="…",
                                 list_kinds=["events"], active=True)
    consent = try_message(office.town, "Iscrivimi #eventi")
    assert consent.outcome == "consent" and "deve accettare l'informativa" in consent.reply

    stop = try_message(office.town, "stop")
    assert stop.outcome == "unsubscribe" and stop.leaves == [alerts, events]
    assert try_message(office.town, "come mi iscrivo alla newsletter?").outcome == "not_a_command"
    assert try_message(office.town, "ISCRIVIMI #CALCIO").unknown_tags == ["#CALCIO"]
    assert not Subscription.objects.exists() and AuditEntry.objects.count() == audits

    response = office.client().post("/impostazioni/comandi/prova/", {"text": "iscrivimi #emergenze"},
                                    HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Comando riconosciuto" in body and "Emergenze" in body and "Benvenuto in «Emergenze»!" in body
    no_js = office.client().post("/impostazioni/comandi/prova/", {"text": "ciao"}).content.decode()
    assert "<html" in no_js and "non è un comando" in no_js
