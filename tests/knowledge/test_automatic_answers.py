"""Automatic answers end to end through the WhatsApp sandbox, on the Livorno preset (automatic answers out of
office hours, with its small knowledge base): a question the knowledge base answers gets an automatic answer
that says so and offers a person; a question outside it gets none and waits for an operator."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from sportello.conversations.models import Conversation, Message
from sportello.knowledge import pipeline, services
from sportello.knowledge.models import Settings, Use
from sportello.policies.presets import apply_preset
from tests.policies.conftest import clock, phone  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

TUESDAY_EVENING = datetime(2026, 11, 24, 20, 0)  # Livorno's URP is closed
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0)  # open


@pytest.fixture
def livorno(world):
    apply_preset("livorno", world.municipality)
    return world


def waiting() -> bool:
    return Conversation.objects.get().waiting_since is not None


def test_the_preset_enables_automatic_answers_out_of_hours(livorno):
    assert services.mode_for(livorno.municipality.pk) == Settings.AutoAnswers.OUT_OF_HOURS
    assert livorno.municipality.knowledge_entries.filter(active=True).count() == 10
    apply_preset("livorno", livorno.municipality)  # applying again changes nothing
    assert livorno.municipality.knowledge_entries.count() == 10


def test_out_of_hours_question_is_answered_automatically_and_a_person_is_offered(livorno, phone):
    marta = phone("+393510000011")
    marta.says("Buonasera, come posso scaricare il certificato di stato di famiglia?", TUESDAY_EVENING)
    closed, answer = marta.new_texts()
    assert "Riapriamo" in closed
    assert answer.startswith("Risposta automatica: I certificati anagrafici")
    assert "ANPR" in answer
    assert answer.endswith("Se la risposta non basta, scriva OPERATORE e un operatore dell'URP le risponderà appena possibile.")
    assert not waiting()  # answered
    question = Message.objects.get(text__startswith="Buonasera, come posso")
    use = Use.objects.get(kind=Use.Kind.AUTOMATIC)
    assert question.payload["policy"]["auto_answer"] == use.entry_id and use.message == question
    assert use.entry.times_answered == 1 and use.confidence >= 0.89

    marta.says("operatore", datetime(2026, 11, 24, 20, 2))
    [ack] = marta.new_texts()
    assert ack == "Va bene: la sua richiesta passa a un operatore dell'URP, che le risponderà appena possibile."
    assert waiting()  # the conversation waits for a person
    assert Use.objects.get().handed_over_at is not None

    marta.says("E come si paga un avviso pagoPA del Comune?", datetime(2026, 11, 24, 20, 5))
    assert marta.new_texts() == []  # handed over: no more automatic answers until an operator writes
    assert waiting()


def test_a_question_outside_the_knowledge_base_waits_for_an_operator(livorno, phone):
    luca = phone("+393510000012")
    luca.says("Buonasera, quanto costa la mensa scolastica per due figli?", TUESDAY_EVENING)
    [closed] = luca.new_texts()
    assert "Riapriamo" in closed and "Risposta automatica" not in closed
    assert waiting()
    assert not Use.objects.exists()
    message = Message.objects.get(text__startswith="Buonasera, quanto costa")
    assert "auto_answer" not in message.payload.get("policy", {})


def test_no_automatic_answer_in_office_hours_with_out_of_hours_mode(livorno, phone):
    gina = phone("+393510000013")
    gina.says("Come si paga un avviso pagoPA del Comune?", TUESDAY_MORNING)
    assert gina.new_texts() == []
    assert waiting() and not Use.objects.exists()


def test_always_mode_answers_in_office_hours_too(livorno, phone):
    services.set_mode(livorno.municipality, Settings.AutoAnswers.ALWAYS)
    gina = phone("+393510000014")
    gina.says("Come si paga un avviso pagoPA del Comune?", TUESDAY_MORNING)
    [answer] = gina.new_texts()
    assert answer.startswith("Risposta automatica: Gli avvisi del Comune si pagano con pagoPA")
    services.set_mode(livorno.municipality, Settings.AutoAnswers.NEVER)
    gina.says("Come si paga un avviso pagoPA del Comune? Grazie", datetime(2026, 11, 24, 10, 30))
    assert gina.new_texts() == []


@pytest.mark.parametrize("notes", [
    {"moderation": {"screened": True, "categories": ["vulgar"], "flagged": True}},
    {"moderation": {"hidden": True}},
    {"command": {"action": "subscribe"}},
    {"redirect": {"rule": "reports"}},
])
def test_never_after_moderation_commands_or_redirects(notes):
    message = SimpleNamespace(direction=Message.Direction.INBOUND, kind="text", text="Come pago la TARI?", hidden_at=None)
    ctx = SimpleNamespace(message=message, citizen=SimpleNamespace(blocked_at=None), conversation=object(),
                          notes={"office_closed": {}, **notes})
    assert not pipeline._eligible(ctx)
    ctx.notes = {"office_closed": {}, "moderation": {"screened": True}}  # screened and clean
    assert pipeline._eligible(ctx)
    ctx.citizen = SimpleNamespace(blocked_at=datetime(2026, 1, 1))
    assert not pipeline._eligible(ctx)
