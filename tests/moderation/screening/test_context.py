"""Safe contexts: rude-looking places and surnames, idioms, quoting in order to report."""

from __future__ import annotations

import pytest

from sportello.moderation.screening.context import explained_categories
from sportello.moderation.screening.normalize import normalize
from sportello.moderation.screening.types import Category
from tests.moderation.screening.helpers import flagged, verdict


def _explains(text: str, category: Category) -> bool:
    """Whether the message's context lets the model's reading of `category` only reinforce the rules."""
    return category in explained_categories(normalize(text))


@pytest.mark.parametrize(
    "text",
    [
        "Abito a Troia (FG) e lavoro qui, dove faccio il cambio di residenza?",
        "La buca di via troia è ancora lì",
        "Sono nato a Bastardo, frazione di Giano dell'Umbria",
        "La signora Porcu del terzo piano non sta bene",
        "Il dottor Finocchiaro riceve il martedì?",
        "Abito in zona Finocchio, quando passa il vetro?",
        "Nel menù della mensa c'è troppo finocchio crudo",
        "Sono Giulio Cazzaniga, vorrei il duplicato della tessera",
        "Serve la CILA per rifare il muretto con la cazzuola?",
        "Il film sul cavallo di Troia è per bambini?",
        "Che figata la festa di ieri!",
    ],
)
def test_places_surnames_and_homographs_are_clean(text: str) -> None:
    assert flagged(text) == set()


def test_disguising_a_place_name_is_not_a_place_name() -> None:
    assert flagged("quella tr0ia dello sportello") == {"vulgar"}
    assert flagged("BASTARDI, mi avete tolto il bonus") == {"vulgar"}


@pytest.mark.parametrize(
    "text",
    [
        "Piove, cosa si fa per ammazzare il tempo in biblioteca?",
        "Bomba d'acqua sul quartiere, garage allagati",
        "Si possono sparare i fuochi d'artificio a Capodanno?",
        "Scusate se vi ho bombardato di mail",
        "Perdonatemi se vi ammazzo di domande, ma la carta d'identità si fa anche di sabato?",
        "Il semaforo di piazza Garibaldi è morto",
        "Con quelle moto in contromano prima o poi ammazzano qualcuno",
    ],
)
def test_idioms_and_hyperbole_are_not_threats(text: str) -> None:
    assert flagged(text) == set()


def test_harm_foretold_for_nobody_in_particular_is_a_safety_warning() -> None:
    assert _explains("Quelle buche prima o poi ammazzano qualcuno", Category.THREAT)
    assert _explains("Se non mettete un semaforo ci scappa il morto", Category.THREAT)
    # The sender's own "I will kill someone" and a threat to the addressee are not warnings.
    assert not _explains("Se non mi ridate la patente prima o poi ammazzo qualcuno", Category.THREAT)
    assert not _explains("prima o poi vi ammazzano", Category.THREAT)


def test_quoting_a_threat_to_report_it_is_not_a_threat() -> None:
    result = verdict("Sul cancello hanno scritto 'ti ammazzo bastardo', ho paura. Cosa faccio?")
    assert not result.flagged
    assert any("report" in e.detail or "reported" in e.detail for e in result.cleared)


def test_reporting_an_insult_received_is_not_vulgar() -> None:
    assert flagged("Un automobilista mi ha dato dello stronzo davanti ai vigili") == set()


def test_the_same_words_said_by_the_sender_are_flagged() -> None:
    assert flagged("ti ammazzo bastardo") == {"threat", "vulgar"}


def test_reporting_crimes_seen_is_not_illegal_activity() -> None:
    assert flagged("Nel parcheggio del cimitero spacciano ogni sera, mandate qualcuno") == set()
    assert flagged("Un vicino brucia la plastica in giardino, c'è un fumo nero") == set()


def test_polite_but_strong_complaints_are_clean() -> None:
    assert flagged("Vergognatevi, sono sei mesi che aspetto una risposta. Pretendo un responsabile.") == set()
    assert flagged("Il servizio è pessimo e l'ufficio è disorganizzato, è inaccettabile") == set()


def test_telling_the_office_about_wrongdoing_is_not_an_offer() -> None:
    assert _explains("Vi segnalo che in via Dante affittano cantine come stanze, senza contratto", Category.ILLEGAL)
    assert _explains("potete controllare il cantiere? lavorano tutti in nero", Category.ILLEGAL)
    # How offenders talk: no report to anyone.
    assert not _explains("affitto la cantina come stanza, niente contratto, tanto nessuno controlla", Category.ILLEGAL)
    assert not _explains("la pistola del nonno non l'ho mai denunciata", Category.ILLEGAL)
    assert flagged("Segnalo che al mercato ogni notte caricano ragazzi sui furgoni per lavorare nei campi senza "
                   "contratto, qualcuno controlli") == set()


def test_going_to_law_is_not_a_threat() -> None:
    assert flagged("se non sistemate la buca entro lunedì vi faccio causa") == set()
    assert flagged("se entro lunedì non chiudete la buca vi mando il conto del gommista") == set()
    assert not _explains("se non sistemate la buca vengo lì e vi spacco la faccia", Category.THREAT)
    # The rules still flag a threat beside the lawyer.
    assert "threat" in flagged("vi faccio causa e poi vi aspetto sotto casa con una spranga")
