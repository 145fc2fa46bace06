"""Rimini (seed 003): WhatsUrp, two-way with reports; «ISCRIZIONE ON» (after accepting the policy), a list
chosen with #EMERGENZE or #PUBBLICAUTILITA’, «ISCRIZIONE OFF»; Mon–Sat except holidays."""

from __future__ import annotations

from datetime import datetime

import pytest

from sportello.broadcasts.models import Subscription
from sportello.citizens.models import ConsentPolicy, ConsentRecord
from sportello.conversations.models import Conversation, Message
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rimini(world):
    apply_preset("rimini", world.municipality)
    return world


def _active() -> set[str]:
    return set(Subscription.objects.filter(active=True).values_list("mailing_list__slug", flat=True))


def test_iscrizione_on_asks_the_policy_and_only_acceptance_subscribes(rimini, phone):
    anna = phone("+393480000001")
    anna.says("ISCRIZIONE ON", datetime(2026, 11, 23, 10, 0))
    [consent] = anna.new()
    assert consent["type"] == "interactive"
    assert [b["title"] for b in consent["buttons"]] == ["Accetto", "Non accetto"]
    assert "accetta la policy di WhatsUrp" in consent["text"]
    assert "modalità broadcast" in consent["text"]  # the policy itself travels with the buttons
    assert not Subscription.objects.exists()
    command = Message.objects.get(direction="in", text="ISCRIZIONE ON")
    assert command.payload["policy"]["handled"] == "command"
    assert Conversation.objects.get().waiting_since is None  # command chatter does not wait for operators

    anna.taps("Accetto", datetime(2026, 11, 23, 10, 1))
    [welcome] = anna.new_texts()
    assert welcome.startswith("Benvenuto in WhatsUrp!")
    assert "«Emergenze» e «Pubblica utilità»" in welcome
    assert _active() == {"emergenze", "pubblica-utilita"}
    record = ConsentRecord.objects.get()
    policy = ConsentPolicy.objects.get(municipality=rimini.municipality)
    assert (record.action, record.policy_version, record.policy_hash) == ("accepted", 1, policy.text_hash)
    assert (record.words, record.channel, record.at) == ("Accetto", "whatsapp", datetime(2026, 11, 23, 9, 1, tzinfo=record.at.tzinfo))
    assert set(record.lists) == {"emergenze", "pubblica-utilita"}
    assert all(s.consent_id == record.pk for s in Subscription.objects.all())

    # Leave one list, then everything: each leaving is confirmed and recorded as a withdrawal.
    anna.says("iscrizione off #EMERGENZE", datetime(2026, 11, 23, 10, 5))
    [bye] = anna.new_texts()
    assert "l'iscrizione a «Emergenze» è cancellata" in bye
    assert _active() == {"pubblica-utilita"}
    anna.says("ISCRIZIONE  OFF!", datetime(2026, 11, 23, 10, 6))
    assert "«Pubblica utilità»" in anna.new_texts()[0]
    assert _active() == set()
    withdrawals = ConsentRecord.objects.filter(action="withdrawn").order_by("at")
    assert [w.lists for w in withdrawals] == [["emergenze"], ["pubblica-utilita"]]
    assert [w.words for w in withdrawals] == ["iscrizione off #EMERGENZE", "ISCRIZIONE  OFF!"]
    assert all(w.policy_version == 1 for w in withdrawals)


def test_tags_pick_a_list_and_unknown_tags_list_the_valid_ones(rimini, phone):
    marco = phone("+393480000002")
    marco.says("Iscrizione on # PubblicaUtilità’", datetime(2026, 11, 24, 9, 30))
    [consent] = marco.new()
    assert "«Pubblica utilità»" in consent["text"]
    marco.taps("Non accetto", datetime(2026, 11, 24, 9, 31))
    assert "non abbiamo effettuato l'iscrizione" in marco.new_texts()[0]
    assert _active() == set()
    assert ConsentRecord.objects.get().action == "declined"

    marco.says("ISCRIZIONE ON #SPORT", datetime(2026, 11, 24, 9, 40))
    [unknown] = marco.new_texts()
    assert "#SPORT" in unknown and "#EMERGENZE" in unknown and "#PUBBLICAUTILITA’" in unknown

    marco.says("ISCRIZIONE ON #EMERGENZE", datetime(2026, 11, 24, 9, 45))
    marco.new()
    marco.taps("Accetto", datetime(2026, 11, 24, 9, 46))
    assert "«Emergenze»" in marco.new_texts()[0]
    assert _active() == {"emergenze"}
    # Already consented for this policy's kinds: the other list needs no second acceptance.
    marco.says("ISCRIZIONE ON #PUBBLICAUTILITA'", datetime(2026, 11, 24, 9, 50))
    [welcome] = marco.new_texts()
    assert "«Pubblica utilità»" in welcome
    assert _active() == {"emergenze", "pubblica-utilita"}
    marco.says("ISCRIZIONE INFO", datetime(2026, 11, 24, 9, 55))
    assert "Risulta iscritto a «Emergenze» e «Pubblica utilità»" in marco.new_texts()[0]
    marco.says("stop", datetime(2026, 11, 24, 9, 56))
    marco.new()
    assert _active() == set()


def test_reports_are_taken_and_holidays_and_saint_gaudenzio_close(rimini, phone):
    luca = phone("+393480000003")
    luca.says("Il lampione in via Flaminia è spento da tre giorni", datetime(2026, 11, 24, 11, 0))
    assert luca.new_texts() == []  # two-way: a report is for the office, no redirect
    assert Conversation.objects.get().waiting_since is not None
    # Liberation Day falls on a Saturday, normally open 9–13.
    sara = phone("+393480000004")
    sara.says("Buongiorno, vorrei informazioni sulla TARI", datetime(2026, 4, 25, 10, 0))
    assert "Riapriamo lunedì 27 aprile alle 9:00" in sara.new_texts()[0]
    # San Gaudenzio, 14 October.
    piero = phone("+393480000005")
    piero.says("Buongiorno, il mercato si fa anche oggi?", datetime(2026, 10, 14, 10, 0))
    assert "Riapriamo giovedì 15 ottobre alle 9:00" in piero.new_texts()[0]
    # A sentence that contains the keyword is a message, not a command.
    piero.says("Come faccio l'iscrizione on line al nido?", datetime(2026, 10, 15, 10, 0))
    assert piero.new_texts() == []
    question = Message.objects.get(text__startswith="Come faccio")
    assert "policy" not in question.payload and question.conversation.waiting_since is not None
