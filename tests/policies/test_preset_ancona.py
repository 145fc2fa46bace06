"""Ancona (seed 001): UrpsuWhatsapp, information only (reports and complaints go to Eurp), an opt-in
broadcast list with the policy sent on joining, hours with afternoons on Tue/Thu "salvo emergenze"."""

from __future__ import annotations

from datetime import datetime

import pytest

from sportello.broadcasts.models import Subscription
from sportello.citizens.models import ConsentRecord
from sportello.conversations.models import Conversation, Message
from sportello.policies.models import ServicePolicy
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ancona(world):
    apply_preset("ancona", world.municipality)
    return world


def test_reports_are_redirected_to_eurp_and_questions_wait(ancona, phone):
    elena = phone("+393490000001")
    elena.says("Quali sono gli orari della biblioteca comunale?", datetime(2026, 11, 24, 10, 0))
    assert elena.new_texts() == []
    assert Conversation.objects.get().waiting_since is not None

    elena.says("C'è una buca enorme in via Marconi, è pericolosa per chi passa in motorino", datetime(2026, 11, 24, 10, 5))
    [redirect] = elena.new_texts()
    assert "non riceve segnalazioni e reclami" in redirect and "Eurp" in redirect
    assert "https://www.comune.ancona.gov.it" in redirect
    report = Message.objects.get(text__startswith="C'è una buca")  # still recorded
    assert report.payload["policy"] == {"handled": "redirected", "redirect": "reports"}

    elena.says("Voglio fare un reclamo: nessuno ha ritirato i rifiuti da una settimana, è una vergogna",
               datetime(2026, 11, 24, 10, 10))
    assert "Eurp" in elena.new_texts()[0]


def test_opt_in_sends_the_policy_and_records_consent(ancona, phone):
    paolo = phone("+393490000002")
    paolo.says("Iscrivimi", datetime(2026, 11, 24, 11, 0))
    [consent] = paolo.new()
    assert "Policy di UrpsuWhatsapp" in consent["text"]
    assert "nessun iscritto può vedere i contatti degli altri" in consent["text"]
    assert "vietati messaggi diffamatori, attacchi personali" in consent["text"]
    assert "CANCELLAMI" in consent["text"]
    paolo.taps("Accetto", datetime(2026, 11, 24, 11, 2))
    assert paolo.new_texts()[0].startswith("Benvenuto nella lista broadcast di UrpsuWhatsapp!")
    subscription = Subscription.objects.get(active=True)
    assert subscription.mailing_list.slug == "notizie" and subscription.consent.action == "accepted"

    paolo.says("Cancellami.", datetime(2026, 11, 24, 11, 30))
    assert "l'iscrizione alla lista «Notizie e avvisi del Comune»" in paolo.new_texts()[0]
    assert not Subscription.objects.filter(active=True).exists()
    assert list(ConsentRecord.objects.order_by("at").values_list("action", flat=True)) == ["accepted", "withdrawn"]

    # Joining again after leaving asks again (typed answer accepted too).
    paolo.says("ISCRIVIMI", datetime(2026, 11, 24, 12, 0))
    assert paolo.new()[0]["type"] == "interactive"
    paolo.says("accetto", datetime(2026, 11, 24, 12, 1))
    assert paolo.new_texts()[0].startswith("Benvenuto")
    assert ConsentRecord.objects.filter(action="accepted").latest("at").words == "accetto"


def test_patron_saint_and_emergency_switch(ancona, phone):
    # San Ciriaco, Monday 4 May 2026.
    rita = phone("+393490000003")
    rita.says("Buongiorno, domani c'è il mercato in piazza?", datetime(2026, 5, 4, 10, 0))
    [reply] = rita.new_texts()
    assert "Riapriamo martedì 5 maggio alle 9:00" in reply and "salvo emergenze" in reply

    # «Salvo emergenze»: the administrator turns the switch on; out of hours the service keeps answering.
    policy = ServicePolicy.objects.get(municipality=ancona.municipality)
    policy.emergency_active = True
    policy.save()
    gino = phone("+393490000004")
    gino.says("Il fiume sta salendo, ci sono strade chiuse?", datetime(2026, 11, 24, 21, 0))
    gino.says("E la scuola domani è aperta?", datetime(2026, 11, 24, 21, 5))
    [reply] = gino.new_texts()
    assert "per l'emergenza in corso il servizio resta attivo anche fuori orario" in reply
    conversation = Message.objects.get(text__startswith="Il fiume").conversation
    assert conversation.waiting_since is not None  # the operators on duty answer it
