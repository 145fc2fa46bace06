"""The whole screen on the sender's own examples: one or more per category, and the verdict's shape."""

from __future__ import annotations

import pytest

from sportello.moderation.screening import (
    Category,
    ScreenConfig,
    ScreenContext,
    load_classifier,
    screen,
)
from tests.moderation.screening.helpers import flagged, verdict


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Siete solo dei cretini, tre settimane per una firma", "vulgar"),
        ("porca madonna ancora senza luce", "vulgar"),
        ("minchia, ancora chiuso", "vulgar"),
        ("what a shitty office", "vulgar"),
        ("se rivedo quel vigile gli spacco la faccia", "threat"),
        ("ve la faccio pagare, so dove abitate", "threat"),
        ("il dirigente Carli prende mazzette dalle ditte, lo sanno tutti", "defamation"),
        ("il vicesindaco Orrù si è intascato i fondi del teatro", "defamation"),
        ("questi albanesi sono tutti delinquenti, rispediteli a casa", "hate"),
        ("sti froci al parco", "hate"),
        ("Guadagna 300 euro al giorno col trading: www.soldi-facili.click", "spam_link"),
        ("Pizzeria Bella Napoli: due pizze a 12 euro, consegna gratis!", "promotion"),
        ("Alle comunali votate la lista Domani Insieme!", "promotion"),
        ("Ho la IPTV con tutti i canali di calcio, 10 euro al mese", "copyright"),
        ("Vi passo il pdf dei libri di scuola gratis, così non li comprate", "copyright"),
        ("Raccolta fondi per le cure di Sara: paypal.me/perSara, ogni euro conta", "fundraising"),
        ("La raccolta per le cure di Sara è vera, ogni euro conta: ricarica la postepay 4023 6009 1234 5678", "fundraising"),
        ("Chi mi vende un po' di fumo vicino alla stazione?", "illegal"),
        ("Se vi do 50 euro mi cancellate la multa?", "illegal"),
    ],
)
def test_violations_are_flagged_in_their_category(text: str, category: str) -> None:
    assert category in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "Buongiorno, a che ora apre l'anagrafe il giovedì?",
        "Lampione spento in via Garibaldi 12 da tre sere",
        "Vorrei vendere casa, l'IMU la pago fino a quando?",
        "C'è un corso di italiano gratuito per stranieri?",
        "Si può pagare la mensa con PayPal o Satispay?",
        "La biblioteca presta anche i film in DVD?",
        "Il comune ha un conto ufficiale per le donazioni agli alluvionati? Vorrei donare",
        "Quella colletta per il canile che fanno davanti alla posta è autorizzata? Non vorrei cascarci",
        "Quando si vota per il consiglio comunale?",
    ],
)
def test_everyday_messages_are_clean(text: str) -> None:
    assert flagged(text) == set()


def test_evidence_points_at_what_the_citizen_wrote() -> None:
    text = "Ma che c***o fate in comune?"
    result = verdict(text)
    assert result.flagged and result.flagged_categories == [Category.VULGAR]
    vulgar = result.get("vulgar")
    assert vulgar is not None and vulgar.score >= 0.5
    evidence = vulgar.evidence[0]
    assert evidence.finder == "lexicon:vulgar/cazzo"
    assert text[evidence.span[0]:evidence.span[1]] == evidence.text == "c***o"
    assert evidence.normalized == "cazzo" and "mask" in evidence.detail


def test_several_categories_at_once() -> None:
    assert flagged("zingari di merda, vi bruciamo il campo") >= {"hate", "vulgar", "threat"}


def test_file_names_and_captions_are_screened_like_text() -> None:
    assert flagged("stronzi_del_comune.pdf") == {"vulgar"}
    assert "copyright" in flagged("Il.Film.2024.ITA.1080p.WEBRip.x264.mkv")
    assert flagged("IMG_20250301_buca_via_roma.jpg") == set()


def test_empty_and_emoji_only_messages() -> None:
    assert not screen("").flagged and not screen("👍").flagged and not screen("??").flagged
    assert flagged("🖕🖕") == {"vulgar"}


def test_thresholds_are_per_category() -> None:
    text = "che palle, sempre chiuso"
    assert flagged(text) == set()
    strict = ScreenConfig(thresholds={c: (0.4 if c == Category.VULGAR else 0.5) for c in Category})
    assert screen(text, ScreenContext(), strict).flagged_categories == [Category.VULGAR]


class _FixedModel:
    """A model that reads every message the same way: 0.55 for promotion and for illegal."""

    def predict(self, text: str) -> dict[str, float]:
        return {"promotion": 0.55, "illegal": 0.55}


def test_the_model_flags_each_category_from_its_own_threshold() -> None:
    text = "buongiorno, vorrei sapere gli orari"
    assert screen(text, ScreenContext(), ScreenConfig(model=None)).flagged_categories == []
    # Promotion from 0.5, illegal from the general threshold (0.65).
    own = ScreenConfig(model=_FixedModel(), model_thresholds={Category.PROMOTION: 0.5})
    assert screen(text, ScreenContext(), own).flagged_categories == [Category.PROMOTION]
    single = ScreenConfig(model=_FixedModel(), model_thresholds={})
    assert screen(text, ScreenContext(), single).flagged_categories == []


def test_the_model_does_not_flag_a_word_or_two_alone() -> None:
    promotion_alone = ScreenConfig(model=_FixedModel(), model_thresholds={Category.PROMOTION: 0.5})
    assert screen("prima", ScreenContext(), promotion_alone).flagged_categories == []
    assert screen("seconda risposta", ScreenContext(), promotion_alone).flagged_categories == []
    assert screen("la terza risposta", ScreenContext(), promotion_alone).flagged_categories == [Category.PROMOTION]


def test_verdict_serialises() -> None:
    data = verdict("vaffanculo").to_dict()
    assert data["flagged"] is True and data["categories"][0]["category"] == "vulgar"


def test_a_local_classifier_is_blended_when_configured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = tmp_path / "model.json"
    model.write_text('{"format": "sportello-linear-v1", "categories": {"promotion": {"bias": -3.0, '
                     '"weights": {"volantin": 6.0}}}}', encoding="utf-8")
    classify = load_classifier(model)
    assert classify("distribuisco volantini")["promotion"] > 0.9
    config = ScreenConfig(classifier=classify, classifier_weight=0.8)
    result = screen("distribuisco volantini in piazza", ScreenContext(), config)
    assert result.flagged_categories == [Category.PROMOTION]
    assert result.get("promotion").evidence[0].finder == "ml:classifier"  # type: ignore[union-attr]
    assert not screen("distribuisco volantini in piazza").flagged  # off by default


def test_a_classifier_file_of_another_format_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = tmp_path / "model.json"
    model.write_text('{"format": "pickle"}', encoding="utf-8")
    with pytest.raises(ValueError):
        load_classifier(model)
