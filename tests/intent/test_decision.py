"""Redirect decisions: report vs question, bookings by topic, abstain when unsure (own examples)."""

from __future__ import annotations

import pytest

from sportello.intent import KindClassifier, RedirectRule, decide_redirect, is_booking, is_report

# The abstain band is a property of the decision, shown here on the cue rules alone: with the shipped model a
# bare noun phrase may be resolved either way (tests/learning covers the model).
RULES_ONLY = KindClassifier(shipped_model=None)

ANCONA = [RedirectRule("segnalazioni", frozenset({"report", "complaint"}), "app di segnalazione del Comune")]
LIVORNO = [
    RedirectRule("segnalazioni", frozenset({"report", "complaint"}), "urp@comune.livorno.it"),
    RedirectRule(
        "prenotazioni CIE e residenza",
        frozenset({"booking"}),
        "prenotazione online o telefonica",
        topics=("carta d'identità", "CIE", "residenza", "cambio di residenza", "identity card"),
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        "Il semaforo di piazza Garibaldi è spento da stamattina",
        "buca profondissima in via Cavour davanti al 14, ci è caduto un ciclista",
        "Ho già segnalato tre volte il tombino rotto e nessuno è venuto. Vergogna!",
    ],
)
def test_reports_are_reports(text: str) -> None:
    assert is_report(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Quando passa il camion del vetro in via Mazzini?",
        "a chi devo rivolgermi per segnalare un lampione rotto?",
        "Come si richiede il certificato di nascita?",
        "Vorrei prenotare un appuntamento per il cambio di residenza",
    ],
)
def test_questions_and_bookings_are_not_reports(text: str) -> None:
    assert is_report(text) is not True


@pytest.mark.parametrize("text", ["il lampione di via Dante", "i cassonetti in piazza"])
def test_abstains_on_ambiguous_text(text: str) -> None:
    assert is_report(text, classifier=RULES_ONLY) is None


def test_pure_report_excludes_complaints() -> None:
    text = "Sono mesi che aspetto una risposta sulla mia pratica, è inaccettabile"
    assert is_report(text) is True
    assert is_report(text, include_complaints=False) is False


def test_booking_by_topic() -> None:
    topics = ("carta d'identità", "CIE", "residenza")
    assert is_booking("Vorrei prenotare un appuntamento per la carta d'identità", topics=topics) is True
    assert is_booking("vorrei prendere appuntamento per rinnovare la CIE", topics=topics) is True
    assert is_booking("Vorrei prenotare la visita guidata al castello", topics=topics) is False
    assert is_booking("Quanto costa la carta d'identità elettronica?", topics=topics) is False
    assert is_booking("Vorrei prenotare la visita guidata al castello") is True


def test_ancona_redirects_reports_only() -> None:
    d = decide_redirect("Il semaforo di piazza Garibaldi è spento da stamattina", ANCONA)
    assert d.redirect and d.rule is ANCONA[0] and not d.abstained and d.probability >= 0.7
    d = decide_redirect("Quando passa il camion del vetro in via Mazzini?", ANCONA)
    assert not d.redirect and not d.abstained and d.rule is None


def test_unsure_means_no_redirect() -> None:
    d = decide_redirect("il lampione di via Dante", ANCONA, classifier=RULES_ONLY)
    assert not d.redirect and d.abstained and d.rule is ANCONA[0]


def test_livorno_booking_rule_needs_its_topics() -> None:
    d = decide_redirect("Vorrei prenotare un appuntamento per il cambio di residenza", LIVORNO)
    assert d.redirect and d.rule is LIVORNO[1] and d.topics
    d = decide_redirect("vorrei prenotare un colloquio con l'assistente sociale", LIVORNO)
    assert not d.redirect
    d = decide_redirect("buca enorme in via Grande, pericolosa", LIVORNO)
    assert d.redirect and d.rule is LIVORNO[0]
