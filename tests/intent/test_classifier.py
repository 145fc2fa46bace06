"""Kinds of message: questions, reports, complaints, bookings, subscriptions, other (own examples)."""

from __future__ import annotations

import json

import pytest

from sportello.intent import IntentConfig, KindClassifier, classify_kind, is_report


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Quando passa il camion del vetro in via Mazzini?", "info"),
        ("Come si richiede il certificato di nascita?", "info"),
        ("A che ora chiude la biblioteca il sabato?", "info"),
        ("Is the town hall open on Saturday morning?", "info"),
        ("C'è una buca enorme in via Pascoli all'altezza del 20, pericolosissima", "report"),
        ("Il semaforo di piazza Garibaldi è spento da stamattina", "report"),
        ("rifiuti abbandonati dietro la chiesa da una settimana", "report"),
        ("There is a broken streetlight in front of the hotel, it's completely dark", "report"),
        ("Ho già segnalato tre volte il tombino rotto e nessuno è venuto. Vergogna!", "complaint"),
        ("Sono mesi che aspetto una risposta sulla mia pratica, è inaccettabile", "complaint"),
        ("Vorrei prenotare un appuntamento per il cambio di residenza", "booking"),
        ("posso spostare l'appuntamento di martedì per la CIE?", "booking"),
        ("I would like to book an appointment for an ID card", "booking"),
        ("vorrei iscrivermi alla lista delle allerte meteo", "subscription"),
        ("cancellatemi dalla lista dei promemoria, grazie", "subscription"),
        ("Grazie, gentilissimi!", "other"),
        ("Buonasera", "other"),
        ("🙏🙏", "other"),
    ],
)
def test_kind(text: str, kind: str) -> None:
    assert classify_kind(text).kind == kind


def test_verdict_shape() -> None:
    v = classify_kind("Il semaforo di piazza Garibaldi è spento da stamattina")
    assert set(v.scores) == {"info", "report", "complaint", "booking", "subscription", "other"}
    assert abs(sum(v.scores.values()) - 1.0) < 1e-3
    assert v.confidence == v.scores[v.kind]
    assert any("spento" in e for e in v.evidence)  # the operator can see why


def test_accents_and_typos_are_tolerated() -> None:
    assert classify_kind("c'e' una segnalazzione da fare: lampione rotto in via Dante").kind == "report"
    # The cue matcher's tolerance; blended, the shipped model reads this complaint-as-a-question as info.
    rules = KindClassifier(shipped_model=None)
    assert rules.classify("perche' nessuno risponde al telefono dell'anagrafe?").kind == "complaint"
    assert classify_kind("vorrei prenotarre un apuntamento").kind == "booking"


def test_a_past_booking_is_context_not_a_request() -> None:
    assert classify_kind("Ho già prenotato la CIE per giovedì, devo portare la foto?").kind == "info"


def test_question_words_inside_a_statement_are_not_questions() -> None:
    # "come" and "quando" as conjunctions: nothing is asked
    v = classify_kind("I motorini sfrecciano come matti sul marciapiede quando escono i bambini, pericoloso")
    assert v.kind == "report"


def test_extra_keywords_per_municipality() -> None:
    # The keyword mechanism, on the cue rules alone (the shipped model already reads this one as a report).
    text = "la fontanella del parco fa la ruggine"
    assert KindClassifier(shipped_model=None).classify(text).report_confidence < 0.7
    cfg = IntentConfig(extra_report_keywords=("fa la ruggine",))
    assert KindClassifier(cfg, shipped_model=None).classify(text).report_confidence >= 0.7
    info_cfg = IntentConfig(extra_info_keywords=("modulistica",))
    assert KindClassifier(info_cfg, shipped_model=None).classify("modulistica cambio residenza").kind == "info"


def test_learning_changes_the_verdict() -> None:
    clf = KindClassifier(shipped_model=None)  # the confirmations' learner, on the cue rules alone
    text = "la recinzione del campetto fa la ruggine"
    assert is_report(text, classifier=clf) is None  # rules alone: unsure
    before = clf.classify(text).scores["report"]
    reports = (
        "la fontanella del giardino fa la ruggine",
        "la ringhiera del ponte fa la ruggine",
        "il cancello della villa comunale fa ruggine",
        "le giostre del parco fanno la ruggine",
        "la pensilina del bus fa la ruggine",
    )
    questions = (
        "quando rifate le panchine del viale?",
        "chi si occupa delle panchine?",
        "le panchine nuove di che legno sono?",
    )
    # Learned evidence is weighed conservatively (precision first): it takes a steady stream of confirmations.
    for _ in range(8):
        for t in reports:
            clf.learn(t, "report")
        for t in questions:
            clf.learn(t, "info")
    assert clf.classify(text).scores["report"] > before + 0.2
    assert is_report(text, classifier=clf) is True


def test_learned_state_round_trips() -> None:
    clf = KindClassifier(IntentConfig(extra_booking_keywords=("slot",)))
    clf.learn("la panchina ha le assi marce", "report")
    clf.learn("orari del cimitero?", "info")
    clf2 = KindClassifier.from_state(json.loads(json.dumps(clf.to_state())))
    assert clf2.config == clf.config
    for t in ("assi marce sulla panchina", "orari del cimitero", "vorrei uno slot"):
        assert clf2.classify(t) == clf.classify(t)
    clf.unlearn("orari del cimitero?", "info")
    clf.unlearn("la panchina ha le assi marce", "report")
    assert clf.model.n_docs == 0


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        KindClassifier().learn("ciao", "spam")


class _FixedModel:
    """Stands in for the shipped model: the same probabilities whatever the text."""

    def __init__(self, **probs: float) -> None:
        rest = (1.0 - sum(probs.values())) / (6 - len(probs))
        kinds = ("info", "report", "complaint", "booking", "subscription", "other")
        self.probs = {k: probs.get(k, rest) for k in kinds}

    def predict(self, text: str) -> dict[str, float]:
        return dict(self.probs)


def test_the_model_does_not_overturn_a_confident_rule_booking() -> None:
    text = "vorrei prenotare un appuntamento per la carta d'identità"
    rules = KindClassifier(shipped_model=None).classify(text).scores["booking"]
    assert rules >= 0.6
    sure_it_is_a_question = _FixedModel(info=0.9999)
    verdict = KindClassifier(shipped_model=sure_it_is_a_question).classify(text)
    assert verdict.scores["booking"] == pytest.approx(rules, abs=1e-3)
    assert "booking/rules kept over the model" in verdict.evidence
    assert sum(verdict.scores.values()) == pytest.approx(1.0, abs=1e-3)
    # Without the floor the same model does overturn it: the guard is what keeps it.
    unguarded = KindClassifier(IntentConfig(rule_booking_floor=1.01), shipped_model=sure_it_is_a_question)
    assert unguarded.classify(text).scores["booking"] < 0.6


def test_the_model_does_not_make_a_booking_of_a_protest() -> None:
    text = "il lampione in via Roma è spento da una settimana e nessuno interviene"
    rules = KindClassifier(shipped_model=None).classify(text)
    assert rules.kind in ("report", "complaint")
    sure_it_is_a_booking = _FixedModel(booking=0.97)
    verdict = KindClassifier(shipped_model=sure_it_is_a_booking).classify(text)
    assert verdict.scores["booking"] == pytest.approx(rules.scores["booking"], abs=1e-3)
    assert verdict.scores["booking"] < 0.6


def test_the_model_still_reinforces_a_rule_booking() -> None:
    text = "vorrei prenotare un appuntamento per la carta d'identità"
    rules = KindClassifier(shipped_model=None).classify(text).scores["booking"]
    assert KindClassifier(shipped_model=_FixedModel(booking=0.9)).classify(text).scores["booking"] > rules
