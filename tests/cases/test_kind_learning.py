"""Opening a case from a request teaches the municipality's report detection: the request was a report."""

from __future__ import annotations

from sportello.cases import services
from sportello.learning import services as learning
from sportello.learning.models import LearnedState
from tests.cases.conftest import conversation_with

# Written for this test: a report asked as a question, which rules and model read as a question for information.
TEXT = "sapete che la panchina di via Cairoli ha le assi schiodate?"


def test_a_case_opened_from_a_request_is_learned_as_a_report(town):
    learning._cache.clear()
    before = learning.kind_classifier(town.municipality.pk).classify(TEXT).report_confidence
    conversation = conversation_with(town, TEXT)
    services.open_case(department=town.department("strade"), title="Panchina", conversation=conversation,
                       messages=list(conversation.messages.all()), actor=town.urp, notify_citizen=False)
    state = LearnedState.objects.get(municipality=town.municipality, task="intent")
    assert state.learned == 1
    learning._cache.clear()  # as another process would see it
    after = learning.kind_classifier(town.municipality.pk).classify(TEXT).report_confidence
    assert learning.adapter_for(town.municipality.pk, "intent").predict(TEXT)["report"] >= 0.75
    assert after > before + 0.1
