"""A question or an entry as comparable terms: folded words, chat shorthand expanded, synonyms and English
mapped to the office's Italian words, fillers dropped, Snowball stems, and adjacent-stem pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sportello.knowledge.lexicon import ABBREVIATIONS, ENGLISH, FILLER, SYNONYMS
from sportello.routing.analysis import STOPWORDS, canon_stem
from sportello.textkit import tokens

# Words only English writes often: a message with enough of them is read with the English lexicon.
_ENGLISH_MARKERS = frozenset(
    "the is are my how where when what can could would should does you your to of for with and have has "
    "there this that please hi hello which who get need want it".split()
)
_QUESTION_CUES = frozenset(
    "come dove quando quanto quanta quanti quante quale quali cosa chi perche posso possiamo puo potrebbe "
    "serve servono occorre bisogna devo dobbiamo vorrei volevo sapere chiedere esiste how where when what "
    "which who can could do does is are need".split()
)
_MAX_PHRASE = 4


def _key(phrase: str) -> tuple[str, ...]:
    words = tuple(w for w in phrase.split() if w not in STOPWORDS)
    return words or tuple(phrase.split())


def _phrases(table: dict[str, str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {_key(k): tuple(v.split()) for k, v in table.items()}


_IT_TABLE = _phrases(SYNONYMS)
_EN_TABLE = {**_IT_TABLE, **_phrases(ENGLISH)}
# A long enough single word also stands for its inflections ("rubata", "rubati" like "rubato"): keyed by stem.
_STEM_TABLE = {
    canon_stem(k): tuple(v.split()) for k, v in SYNONYMS.items() if " " not in k and len(k) >= 6 and len(canon_stem(k)) >= 5
}
_FILLER_STEMS = frozenset(canon_stem(w) for w in FILLER if len(w) >= 6)


def is_english(words: list[str]) -> bool:
    if not words:
        return False
    hits = sum(1 for w in words if w in _ENGLISH_MARKERS)
    return hits >= 2 and hits / len(words) >= 0.15


def _rewrite(words: list[str], table: dict[tuple[str, ...], tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            if key in table:
                out.extend(w for w in table[key] if w)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class Terms:
    stems: tuple[str, ...]  # content stems, in order
    english: bool
    question: bool  # asks something (a question mark or an asking word), rather than only stating

    @property
    def bigrams(self) -> tuple[str, ...]:
        return tuple(f"{a}_{b}" for a, b in zip(self.stems, self.stems[1:]))


@lru_cache(maxsize=8192)
def analyse(text: str) -> Terms:
    words = [ABBREVIATIONS.get(w, w) for w in tokens(text)]
    words = [p for w in words for p in w.split()]
    english = is_english(words)
    question = "?" in text or any(w in _QUESTION_CUES for w in words)
    content = [w for w in words if w not in STOPWORDS and not w.isdigit()]
    rewritten = _rewrite(content, _EN_TABLE if english else _IT_TABLE)
    out: list[str] = []
    for word in rewritten:
        if word in FILLER or len(word) < 2:
            continue
        stem = canon_stem(word)
        mapped = _STEM_TABLE.get(stem)
        if mapped is not None:
            out.extend(canon_stem(m) for m in mapped)
        elif stem not in _FILLER_STEMS:
            out.append(stem)
    return Terms(tuple(out), english, question)


_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
