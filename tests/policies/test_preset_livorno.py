"""Livorno (seed 004): information only (reports by e-mail to the URP), no identity-card or residence
bookings, closed in August, Santa Giulia; 👍 to see the daily "Stato", «Cancellami» to stop (no consent)."""

from __future__ import annotations

from datetime import datetime

import pytest

from sportello.broadcasts.models import Subscription
from sportello.citizens.models import ConsentRecord
from sportello.conversations.models import Conversation, Message
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def livorno(world):
    apply_preset("livorno", world.municipality)
    return world


def test_august_closure_and_santa_giulia(livorno, phone):
    chiara = phone("+393510000001")
    chiara.says("Buongiorno, come si richiede il contrassegno invalidi?", datetime(2026, 8, 12, 10, 0))
    [reply] = chiara.new_texts()
    assert "Ad agosto il servizio WhatsApp è sospeso" in reply
    assert "Riapriamo martedì 1 settembre alle 9:00" in reply
    assert Conversation.objects.get().waiting_since is not None  # waits for September
    chiara.says("Grazie, attendo", datetime(2026, 8, 20, 11, 0))
    assert chiara.new_texts() == []  # the same closed period

    giorgio = phone("+393510000002")
    giorgio.says("Buongiorno, l'URP è aperto oggi?", datetime(2026, 5, 22, 10, 0))  # Santa Giulia
    assert "Riapriamo lunedì 25 maggio alle 9:00" in giorgio.new_texts()[0]


def test_reports_by_email_and_no_identity_card_bookings(livorno, phone):
    franco = phone("+393510000003")
    franco.says("In via Grande c'è una buca pericolosa davanti al civico 20", datetime(2026, 11, 24, 10, 0))
    [reply] = franco.new_texts()
    assert "urp@comune.livorno.it" in reply and "smistarle agli uffici comunali competenti" in reply

    franco.says("Vorrei prenotare un appuntamento per la carta d'identità", datetime(2026, 11, 24, 10, 5))
    [reply] = franco.new_texts()
    assert "Non è possibile prenotare tramite WhatsApp" in reply and "Prenotazione servizi a sportello" in reply
    booking = Message.objects.get(text__startswith="Vorrei prenotare")
    assert booking.payload["policy"]["handled"] == "redirected"

    franco.says("Come attivo la tessera sanitaria?", datetime(2026, 11, 24, 10, 10))
    assert franco.new_texts() == []  # a question for the office
    assert Conversation.objects.get().waiting_since is not None


def test_thumbs_up_follows_the_bulletin_without_consent(livorno, phone):
    ada = phone("+393510000004")
    ada.says("👍🏽", datetime(2026, 11, 24, 11, 0))
    texts = ada.new_texts()
    assert texts[0].startswith("Fatto! Ora può consultare lo «Stato» dell'URP")
    assert "Non è un'iscrizione a un canale broadcast" in texts[0]
    from sportello.policies import services

    if services.current_bulletin(livorno.municipality):  # the broadcasts app serves today's bulletin
        assert len(texts) == 2 and "Bollettino" in texts[1]
    subscription = Subscription.objects.get()
    assert subscription.mailing_list.slug == "bollettino" and subscription.active and subscription.consent is None
    assert not ConsentRecord.objects.exists()  # not a broadcast consent

    ada.says("Cancellami dalla lista dei fornitori del Comune, grazie", datetime(2026, 11, 24, 11, 5))
    assert ada.new_texts() == []  # a sentence, not the command
    ada.says("CANCELLAMI!", datetime(2026, 11, 24, 11, 6))
    assert "non riceverà più il bollettino" in ada.new_texts()[0]
    assert not Subscription.objects.filter(active=True).exists()
    assert not ConsentRecord.objects.exists()


def test_bulletin_fallback_when_the_broadcasts_app_has_none(livorno, phone, monkeypatch):
    from sportello.policies import services

    monkeypatch.setattr(services, "current_bulletin", lambda municipality: "")
    ada = phone("+393510000005")
    ada.says("👍", datetime(2026, 11, 24, 11, 0))
    assert len(ada.new_texts()) == 1  # the confirmation only
    assert Subscription.objects.filter(active=True).count() == 1
