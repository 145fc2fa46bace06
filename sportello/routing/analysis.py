"""Turning a citizen's message into comparable units: folded words, canonical stems, typo-tolerant skeletons.

Routing, keyword matching and report detection all work on these units, so an accent, a plural, a doubled
consonant ("illuminazzione") or an elision ("dell'anagrafe") never decides the outcome on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sportello.textkit import stem, strip_accents, tokens
from sportello.textkit.normalize import normalize_apostrophes

# Function words carry no department signal; they are skipped for keyword phrases and learned features.
# Written by hand (Italian and English), deliberately short: question words and verbs like "vorrei" stay,
# because report detection reads them.
STOPWORDS: frozenset[str] = frozenset(
    """
    a ad al allo alla ai agli alle all c ci col coi con d da dal dallo dalla dai dagli dalle dall de dei degli
    del della delle dell dello di e ed gli i il in l la le lo ne negli nei nel nella nelle nell nello o od per
    pero piu po qua qui quel quella quelle quelli quello questa queste questi questo s se si sia sono su sul
    sulla sui sugli sulle sull tra fra un una uno mi ti vi me te ce ve ma anche che cui mio mia miei mie tuo
    tua suo sua suoi sue nostro nostra vostro vostra loro ho hai ha abbiamo avete hanno era ero sei siamo
    siete essere avere gia ancora poi cosi molto tutto tutti tutta tutte the a an of to in on at for from by
    with and or is are was were be been it its this that these those my our your their i we you he she they me
    us do does did have has had not
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_RUNS = re.compile(r"(.)\1{2,}")  # "STRONZIIIII", "buuuca": three or more of a letter
_DOUBLES = re.compile(r"(.)\1+")  # any doubled letter, for the typo skeleton
_RAW_WORD = re.compile(r"[A-Za-z0-9]+")


def collapse_doubles(word: str) -> str:
    """ "illuminazzione" -> "iluminazione": doubled letters are the commonest Italian typo."""
    return _DOUBLES.sub(r"\1", word)


def _squeeze(word: str) -> str:
    return _RUNS.sub(r"\1", word)


def _canon(stemmed: str) -> str:
    # Snowball keeps the "h" that Italian spelling adds before e/i: "buche"->"buch" but "buca"->"buc".
    if len(stemmed) > 3 and stemmed.endswith(("ch", "gh")):
        return stemmed[:-1]
    return stemmed


@lru_cache(maxsize=131072)
def canon_stem(word: str) -> str:
    """The Snowball Italian stem of a folded word, with plural spelling quirks removed."""
    if word.isdigit():
        return "#num"
    return _canon(stem(_squeeze(word)))


@lru_cache(maxsize=131072)
def skeleton(word: str) -> str:
    """A typo-tolerant key: doubled letters collapsed before stemming ("illuminazzione" ~ "illuminazione")."""
    if word.isdigit():
        return "#num"
    return _canon(stem(collapse_doubles(word)))


@dataclass(frozen=True, slots=True)
class Analysis:
    """One message, tokenised once and shared by every scorer."""

    text: str
    words: tuple[str, ...]  # folded words, elisions split
    stems: tuple[str, ...]  # canonical stems, aligned with words
    skeletons: tuple[str, ...]  # typo keys, aligned with words
    content: tuple[int, ...]  # indices of words that are not stopwords
    upper: frozenset[str]  # folded words the citizen typed in capitals (acronyms: "SUE", "DAT")

    @property
    def content_stems(self) -> list[str]:
        return [self.stems[i] for i in self.content]


@lru_cache(maxsize=4096)
def analyse(text: str) -> Analysis:
    words = tuple(tokens(text))
    stems = tuple(canon_stem(w) for w in words)
    skels = tuple(skeleton(w) for w in words)
    content = tuple(i for i, w in enumerate(words) if w not in STOPWORDS)
    raw = _RAW_WORD.findall(strip_accents(normalize_apostrophes(text)))
    upper = frozenset(w.lower() for w in raw if len(w) > 1 and w.isupper())
    return Analysis(text, words, stems, skels, content, upper)


def deletions(key: str) -> set[str]:
    """The key and every string one deletion away: two keys within edit distance one share an entry."""
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or adjacent swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer than a: b must equal a with one character inserted.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]
