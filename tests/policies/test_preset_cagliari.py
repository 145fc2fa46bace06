"""Cagliari (seed 000): two-way URP chat, Mon–Fri 9–12, Mon and Thu also 15:30–17:30; holidays and San
Saturnino closed; out of hours one automatic reply per closed period, and the message still waits."""

from __future__ import annotations

from datetime import datetime

import pytest

from sportello.conversations.models import Conversation, Message
from sportello.policies.models import AutoReply
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cagliari(world):
    apply_preset("cagliari", world.municipality)
    return world


def _conversation(number_suffix_text: str) -> Conversation:
    return Message.objects.filter(direction="in", text=number_suffix_text).get().conversation


def test_national_holiday_gets_reopening_and_still_waits(cagliari, phone):
    giulia = phone("+393470000001")
    giulia.says("Buongiorno, quali documenti servono per il cambio di residenza?", datetime(2025, 12, 8, 10, 0))
    [reply] = giulia.new_texts()
    assert "Riapriamo martedì 9 dicembre alle 9:00" in reply
    assert reply.startswith("Grazie per aver scritto all'Ufficio Relazioni con il Pubblico del Comune di Cagliari")
    conversation = Conversation.objects.get()
    message = conversation.messages.get(direction="in")
    assert conversation.waiting_since == message.sent_at  # still waiting for an operator
    assert message.payload["policy"]["auto_reply"] == "closed"
    # A second message in the same closed period: no second reply.
    giulia.says("Mi scusi, dimenticavo: anche per il cambio di domicilio?", datetime(2025, 12, 8, 18, 30))
    assert giulia.new_texts() == []
    assert AutoReply.objects.filter(kind="closed").count() == 1
    conversation.refresh_from_db()
    assert conversation.waiting_since == message.sent_at


def test_lunch_break_on_a_weekday(cagliari, phone):
    # Tuesday 12:05: no afternoon opening, back on Wednesday morning.
    tuesday = phone("+393470000002")
    tuesday.says("Salve, l'ufficio tributi è aperto oggi pomeriggio?", datetime(2025, 11, 25, 12, 5))
    [reply] = tuesday.new_texts()
    assert "Riapriamo mercoledì 26 novembre alle 9:00" in reply
    # Thursday 12:05: the office reopens the same afternoon.
    thursday = phone("+393470000003")
    thursday.says("Salve, a chi devo chiedere per il passo carrabile?", datetime(2025, 11, 27, 12, 5))
    [reply] = thursday.new_texts()
    assert "Riapriamo oggi alle 15:30" in reply


def test_patron_saint_day_and_open_hours(cagliari, phone):
    citizen = phone("+393470000004")
    citizen.says("Buongiorno, il cimitero è aperto oggi?", datetime(2025, 10, 30, 10, 0))  # San Saturnino
    [reply] = citizen.new_texts()
    assert "Riapriamo venerdì 31 ottobre alle 9:00" in reply
    # During office hours nothing automatic: the office answers.
    citizen.says("E domani a che ora apre l'anagrafe?", datetime(2025, 10, 31, 10, 15))
    assert citizen.new_texts() == []
    last = Message.objects.filter(direction="in").last()
    assert "policy" not in last.payload
