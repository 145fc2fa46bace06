"""Unmasking: disguised abuse becomes the dictionary word, ordinary text is left alone, offsets survive."""

from __future__ import annotations

import pytest

from sportello.moderation.screening.normalize import normalize


def unmasked(text: str) -> list[tuple[str, str, str]]:
    doc = normalize(text)
    return [(t.norm, t.how, text[t.start:t.end]) for t in doc.tokens if t.how]


@pytest.mark.parametrize(
    ("text", "word", "how", "written"),
    [
        ("che c***o di orari", "cazzo", "mask", "c***o"),
        ("ma che c...o volete", "cazzo", "mask", "c...o"),
        ("vi mando a c**o", "culo", "mask", "c**o"),
        ("impiegato di m***a", "merda", "mask", "m***a"),
        ("vaffa... tutti", "vaffanculo", "mask", "vaffa..."),
        ("str*nzo", "stronzo", "mask", "str*nzo"),
        ("servizio di m3rd4", "merda", "leet", "m3rd4"),
        ("c0gl10n3 chi legge", "coglione", "leet", "c0gl10n3"),
        ("sei una tr0ia", "troia", "leet", "tr0ia"),
        ("siete s t r o n z i e basta", "stronzi", "spaced", "s t r o n z i"),
        ("m.e.r.d.a", "merda", "separators", "m.e.r.d.a"),
        ("CAZZOOOOO", "cazzo", "repeat", "CAZZOOOOO"),
        ("bastardiiii", "bastardi", "repeat", "bastardiiii"),
        ("сazzo", "cazzo", "homoglyph", "сazzo"),  # Cyrillic с
        ("𝐦𝐞𝐫𝐝𝐚", "merda", "homoglyph", "𝐦𝐞𝐫𝐝𝐚"),  # mathematical bold
    ],
)
def test_disguised_words_are_unmasked(text: str, word: str, how: str, written: str) -> None:
    assert (word, how, written) in unmasked(text)


@pytest.mark.parametrize(
    "text",
    [
        "il modulo A4 va consegnato entro le 24h",
        "CF RSSMRA85T10A562S e targa FX345GT",
        "ma... non saprei, forse si...no",
        "orari 9-12 e 15:30-17:30, tel. 0586/820111",
        "S.p.A. e dott.ssa Bianchi",
        "ciaooo grazieee",
        "a e i o u",
    ],
)
def test_ordinary_text_is_not_rewritten(text: str) -> None:
    assert unmasked(text) == []


def test_accents_apostrophes_and_emoji_are_folded() -> None:
    doc = normalize("Perché l’ufficio è chiuso?? 💣 10€")
    assert doc.joined == "perche l ufficio e chiuso ? emoji_bomba 10 euro"


def test_tokens_keep_the_citizens_offsets() -> None:
    text = "Ciao, SIETE dei c***o di incapaci"
    doc = normalize(text)
    masked = next(t for t in doc.tokens if t.how)
    assert text[masked.start:masked.end] == "c***o"
    shouty = next(t for t in doc.tokens if t.norm == "siete")
    assert shouty.upper and not shouty.title


def test_sentences_are_numbered() -> None:
    doc = normalize("Prima frase. Seconda frase!\nTerza")
    assert [t.sent for t in doc.tokens if t.kind == "word"] == [0, 0, 1, 1, 2]
