"""San Giuliano (seed 002): outbound only. «ATTIVA» → policy → welcome; any other message gets a pointer to
phone, e-mail and the Municipium app, at most once a day per citizen, and waits for no one."""

from __future__ import annotations

from datetime import datetime

import pytest

from sportello.broadcasts.models import Subscription
from sportello.citizens.models import ConsentRecord
from sportello.conversations.models import Conversation, Message
from sportello.policies.models import AutoReply
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def san_giuliano(world):
    apply_preset("san-giuliano", world.municipality)
    return world


def test_incoming_messages_are_pointed_elsewhere_once_a_day(san_giuliano, phone):
    mario = phone("+393500000001")
    mario.says("Buongiorno, quando passa la raccolta del vetro?", datetime(2026, 11, 23, 9, 0))
    [pointer] = mario.new_texts()
    assert "serve solo a inviare informazioni" in pointer
    assert "telefono" in pointer and "e-mail" in pointer and "app Municipium" in pointer
    mario.says("Mi risponde qualcuno?", datetime(2026, 11, 23, 18, 0))
    assert mario.new_texts() == []  # once a day
    assert Conversation.objects.get().waiting_since is None  # nobody handles this number's inbox
    assert Message.objects.filter(direction="in").count() == 2  # but every message is recorded
    mario.says("Buongiorno di nuovo", datetime(2026, 11, 24, 8, 0))
    assert len(mario.new_texts()) == 1  # a new day
    assert AutoReply.objects.filter(kind="outbound_only").count() == 2


def test_attiva_policy_welcome_and_disattiva(san_giuliano, phone):
    lucia = phone("+393500000002")
    lucia.says("ATTIVA", datetime(2026, 11, 24, 9, 0))
    messages = lucia.new()
    assert messages[-1]["type"] == "interactive"
    assert "Informativa di San Giuliano Whatsapp" in " ".join(m.get("text") or "" for m in messages)
    assert not any("serve solo a inviare" in (m.get("text") or "") for m in messages)  # a command, not chatter
    lucia.taps("Non accetto", datetime(2026, 11, 24, 9, 1))
    assert "il servizio non è stato attivato" in lucia.new_texts()[0]
    assert not Subscription.objects.exists()

    lucia.says("attiva", datetime(2026, 11, 24, 9, 5))
    lucia.new()
    lucia.taps("Accetto", datetime(2026, 11, 24, 9, 6))
    [welcome] = lucia.new_texts()
    assert welcome.startswith("Benvenuto in San Giuliano Whatsapp!") and "due volte alla settimana" in welcome
    assert Subscription.objects.get(active=True).mailing_list.slug == "pubblica-utilita"
    assert [r.action for r in ConsentRecord.objects.order_by("at")] == ["declined", "accepted"]

    lucia.says("Disattiva", datetime(2026, 11, 24, 9, 30))
    assert "San Giuliano Whatsapp è stato disattivato" in lucia.new_texts()[0]
    assert not Subscription.objects.filter(active=True).exists()
    assert ConsentRecord.objects.latest("at").action == "withdrawn"
