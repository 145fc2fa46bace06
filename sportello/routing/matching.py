"""Typo-tolerant matching of configured keywords and phrases against a message.

A keyword is plain text as an administrator would type it ("lampione spento", "carta d'identità", "CIE").
It is compiled to a sequence of units: canonical stems, or, for words written in capitals, an exact acronym.
A unit matches a message word exactly (stem), through the typo skeleton, or within one edit of the skeleton.
Phrases match in order, allowing a couple of intervening words ("lampione di via Roma spento").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sportello.routing.analysis import Analysis, analyse, collapse_doubles, deletions, within_one_edit
from sportello.textkit import strip_accents
from sportello.textkit.normalize import normalize_apostrophes

# Match qualities: an exact stem is certain, a doubled-letter slip nearly so, one edit is a guess.
EXACT, SKELETON, FUZZY = 1.0, 0.9, 0.6
# Edits on short stems confuse real words ("strad"/"stray", "apert"/"alert"), so fuzzy matching starts at this
# length and keeps the first letter, which typos rarely hit.
MIN_FUZZY_LEN = 6
# Acronyms that are also ordinary words only count when the citizen typed them in capitals.
AMBIGUOUS_ACRONYMS = frozenset(
    {"sue", "dia", "sad", "ape", "red", "pin", "ora", "oggi", "come", "mare", "io", "it"}
)


@dataclass(frozen=True, slots=True)
class Unit:
    stem: str
    skel: str
    exact: bool = False  # acronyms and numbers: only the very word matches
    guard: str = ""  # for over-stemmed words, a prefix the message word must share (one edit if fuzzy)
    max_len: int = 0  # for very short stems, the longest message word that may match (0: any)

    def quality(self, a: Analysis, i: int) -> float:
        word = a.words[i]
        if self.exact:
            if word != self.stem:
                return 0.0
            return EXACT if word not in AMBIGUOUS_ACRONYMS or word in a.upper else 0.0
        if self.max_len and len(word) > self.max_len:
            return 0.0
        prefix = collapse_doubles(word)[: len(self.guard)] if self.guard else ""  # read only with a guard
        if a.stems[i] == self.stem or a.skeletons[i] == self.skel:
            if self.guard and prefix != self.guard:
                return 0.0
            return EXACT if a.stems[i] == self.stem else SKELETON
        sk = a.skeletons[i]
        if (
            len(sk) >= MIN_FUZZY_LEN
            and len(self.skel) >= MIN_FUZZY_LEN
            and sk[0] == self.skel[0]
            and within_one_edit(sk, self.skel)
            and (not self.guard or within_one_edit(prefix, self.guard))
        ):
            return FUZZY
        return 0.0


def make_unit(word: str, stem: str, skel: str, exact: bool = False) -> Unit:
    if exact or word.isdigit():
        return Unit(word, word, exact=True)
    # Snowball strips long verb-like endings ("comando"->"com", "facciata"->"facc", "potare"->"pot"), which
    # would then match unrelated words ("come", "faccio", "potete"); such keywords also need a shared prefix.
    guard = ""
    if len(word) - len(stem) >= 3:
        guard = collapse_doubles(word)[: len(collapse_doubles(stem)) + 2]
    # A stem of three letters is shared by unrelated longer words ("come"/"comando", "dove"/"dovete"):
    # allow inflection ("buca"/"buche") but not derivation.
    max_len = len(word) + 1 if len(stem) <= 3 else 0
    return Unit(stem, skel, guard=guard, max_len=max_len)


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str
    owner: str  # department code, or kind for report detection
    label: str | None  # category the keyword belongs to, if any
    units: tuple[Unit, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Match:
    keyword: Keyword
    positions: tuple[int, ...]  # indices into Analysis.words
    quality: float

    @property
    def score(self) -> float:
        return self.keyword.weight * self.quality


@lru_cache(maxsize=16384)
def compile_units(text: str, keep_stopwords: bool = False) -> tuple[Unit, ...]:
    # Cached: every municipality's departments start from the same catalogue of keywords, and a worker builds
    # one index per municipality (again after each edit of its departments).
    a = analyse(text)
    raw = re.findall(r"[A-Za-z0-9]+", strip_accents(normalize_apostrophes(text)))
    raw_upper = {w.lower() for w in raw if w.isupper() and len(w) > 1}
    idx = range(len(a.words)) if keep_stopwords or not a.content else a.content
    units = []
    for i in idx:
        word = a.words[i]
        units.append(make_unit(word, a.stems[i], a.skeletons[i], exact=word in raw_upper))
    return tuple(units)


def phrase_weight(n_units: int) -> float:
    # A longer phrase is more specific ("carta d'identità" vs "carta"), so it weighs more.
    return {1: 1.0, 2: 1.6}.get(n_units, 2.0)


class KeywordIndex:
    """Keywords grouped by owner, indexed by their first unit for fast lookup."""

    def __init__(self, keep_stopwords: bool = False, window: int = 3) -> None:
        self.keep_stopwords = keep_stopwords
        self.window = window  # how far apart consecutive phrase words may be
        self.keywords: list[Keyword] = []
        self._by_stem: dict[str, list[Keyword]] = defaultdict(list)
        self._by_del: dict[str, list[Keyword]] = defaultdict(list)

    def add_all(
        self,
        entries: Iterable[tuple[str, str, str | None]],
        weight: float = 1.0,
        share_across_owners: bool = True,
        length_bonus: bool = True,
    ) -> None:
        """Add (text, owner, label) entries; a phrase configured for several owners is split between them."""
        compiled: dict[tuple[Unit, ...], list[tuple[str, str, str | None]]] = defaultdict(list)
        for text, owner, label in entries:
            units = compile_units(text, self.keep_stopwords)
            if units and all(o != owner for _, o, _ in compiled[units]):
                compiled[units].append((text, owner, label))
        for units, owners in compiled.items():
            share = len(owners) if share_across_owners else 1
            for text, owner, label in owners:
                bonus = phrase_weight(len(units)) if length_bonus else 1.0
                self._add(Keyword(text, owner, label, units, weight * bonus / share))

    def _add(self, kw: Keyword) -> None:
        self.keywords.append(kw)
        first = kw.units[0]
        self._by_stem[first.stem].append(kw)
        if first.skel != first.stem:
            self._by_stem[first.skel].append(kw)
        if not first.exact and len(first.skel) >= MIN_FUZZY_LEN:
            for d in deletions(first.skel):
                self._by_del[d].append(kw)

    def _candidates(self, a: Analysis, i: int) -> dict[int, Keyword]:
        found: dict[int, Keyword] = {}
        for key in (a.stems[i], a.skeletons[i], a.words[i]):
            for kw in self._by_stem.get(key, ()):
                found[id(kw)] = kw
        if len(a.skeletons[i]) >= MIN_FUZZY_LEN:
            for d in deletions(a.skeletons[i]):
                for kw in self._by_del.get(d, ()):
                    found[id(kw)] = kw
        return found

    def matches(self, text_or_analysis: str | Analysis) -> list[Match]:
        a = analyse(text_or_analysis) if isinstance(text_or_analysis, str) else text_or_analysis
        if self.keep_stopwords:
            stream = list(range(len(a.words)))
        else:
            # Acronyms typed in capitals count even when the lower-case word is a stopword ("SUE", "IO").
            stream = [i for i in range(len(a.words)) if i in a.content or a.words[i] in a.upper]
        best: dict[int, Match] = {}
        for pos, i in enumerate(stream):
            for key, kw in self._candidates(a, i).items():
                m = self._match_at(a, stream, pos, kw)
                if m and (key not in best or m.quality > best[key].quality):
                    best[key] = m
        return _drop_covered(list(best.values()))

    def _match_at(self, a: Analysis, stream: list[int], pos: int, kw: Keyword) -> Match | None:
        q = kw.units[0].quality(a, stream[pos])
        if not q:
            return None
        positions = [stream[pos]]
        cursor = pos
        for unit in kw.units[1:]:
            for nxt in range(cursor + 1, min(len(stream), cursor + 1 + self.window)):
                uq = unit.quality(a, stream[nxt])
                if uq:
                    q = min(q, uq)
                    positions.append(stream[nxt])
                    cursor = nxt
                    break
            else:
                return None
        return Match(kw, tuple(positions), q)

    def scores(self, matches: list[Match]) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for m in matches:
            out[m.keyword.owner] += m.score
        return dict(out)


def _drop_covered(matches: list[Match]) -> list[Match]:
    """A word inside a longer matched phrase does not also count alone: "raccolta fondi" is not "raccolta"."""
    if len(matches) < 2:
        return matches
    spans = [set(m.positions) for m in matches]
    keep = []
    for j, m in enumerate(matches):
        covered = any(k != j and spans[j] < spans[k] for k in range(len(matches)))
        if not covered:
            keep.append(m)
    return keep
