"""Keyword matching tolerates accents, inflections, typos and elisions, and does not over-match."""

from __future__ import annotations

import pytest

from sportello.routing.analysis import analyse, canon_stem, skeleton, within_one_edit
from sportello.routing.matching import EXACT, FUZZY, SKELETON, KeywordIndex


def index(*entries: tuple[str, str]) -> KeywordIndex:
    idx = KeywordIndex()
    idx.add_all((text, owner, None) for text, owner in entries)
    return idx


def owners(idx: KeywordIndex, text: str) -> set[str]:
    return {m.keyword.owner for m in idx.matches(text)}


def test_plural_and_singular_share_a_stem() -> None:
    assert canon_stem("lampione") == canon_stem("lampioni")
    assert canon_stem("buca") == canon_stem("buche")  # Snowball keeps the "h" of "buche"; we drop it


def test_doubled_letter_typo_shares_the_skeleton() -> None:
    assert skeleton("illuminazzione") == skeleton("illuminazione")
    assert skeleton("casonetto") == skeleton("cassonetto")


def test_accents_and_apostrophe_accents_fold_alike() -> None:
    assert analyse("perche'").words == analyse("perché").words == ("perche",)
    assert analyse("È così").words == analyse("e' cosi").words


def test_one_edit() -> None:
    assert within_one_edit("marciapied", "marcapied")
    assert within_one_edit("ingombr", "ingonbr")
    assert within_one_edit("abcd", "abdc")  # adjacent swap
    assert not within_one_edit("strada", "stanza")


def test_match_qualities() -> None:
    idx = index(("illuminazione pubblica", "luce"), ("ingombranti", "rifiuti"))
    (m,) = idx.matches("problema di illuminazzione pubblica")
    assert m.quality == SKELETON
    (m,) = idx.matches("ritiro ingonbranti")
    assert m.quality == FUZZY
    (m,) = idx.matches("ritiro INGOMBRANTI")
    assert m.quality == EXACT


def test_phrase_allows_a_few_words_between() -> None:
    idx = index(("lampione spento", "luce"))
    assert owners(idx, "il lampione di via Manin è spento") == {"luce"}
    assert owners(idx, "il lampione funziona, ma in fondo alla strada lunga c'è un bar spento") == set()


def test_longer_phrase_hides_its_words() -> None:
    idx = index(("raccolta", "rifiuti"), ("raccolta fondi", "spam"))
    assert owners(idx, "aiutateci con una raccolta fondi") == {"spam"}
    assert owners(idx, "quando passa la raccolta del vetro?") == {"rifiuti"}


def test_acronyms_match_the_word_only() -> None:
    idx = index(("DAT", "anagrafe"), ("SUE", "edilizia"))
    assert owners(idx, "vorrei depositare le dat") == {"anagrafe"}
    assert owners(idx, "mi servono i dati del contratto") == set()
    # "sue" is also a possessive: only the capitals mean the office
    assert owners(idx, "le sue pratiche") == set()
    assert owners(idx, "pratica ferma al SUE") == {"edilizia"}


@pytest.mark.parametrize("text", ["come si fa?", "faccio fatica", "potete aiutarmi", "chi mi risponde"])
def test_over_stemmed_keywords_do_not_match_unrelated_words(text: str) -> None:
    # Snowball: comando->com, facciata->facc, potare->pot, chiavi->chi
    idx = index(("comando", "x"), ("facciata", "x"), ("potare", "x"), ("chiavi", "x"))
    assert owners(idx, text) == set()


def test_numbers_match_exactly() -> None:
    idx = index(("115", "emergenza"))
    assert owners(idx, "chiamate il 115") == {"emergenza"}
    assert owners(idx, "abito al civico 12") == set()
