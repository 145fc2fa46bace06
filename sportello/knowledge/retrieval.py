"""Finding the knowledge-base entries that answer a citizen's message, with a calibrated confidence.

Pure Python and Django-free (the benches and the tests use it directly):

* every entry is indexed by field: its questions (the canonical one and any alternatives), tags, title, answer,
  and what operators taught (the terms of citizens' questions the entry was used for, in this municipality);
* a message is scored with BM25F over stems and adjacent-stem pairs (text.py); a stem the knowledge base does
  not know is matched to one within one edit of it, so typos still meet their word;
* the best entry's confidence comes from a logistic model over a handful of evidence features (how much of the
  message the entry covers, how far ahead of the second it is, how much of the message is unknown to the
  knowledge base, whether the message asks anything at all), fitted on data written for the project
  (`training/`), so that 0.9 means right about nine times in ten there.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sportello.knowledge import calibration
from sportello.knowledge.text import Terms, analyse
from sportello.routing.analysis import deletions, within_one_edit

# Field weights and BM25 parameters (chosen on the project's own data, see training/train.py).
FIELD_WEIGHTS = {"question": 3.0, "tags": 2.0, "title": 2.0, "answer": 0.6, "learned": 1.5}
STRONG_FIELDS = ("question", "tags", "title", "learned")
K1 = 1.2
B = 0.5
BIGRAM_WEIGHT = 0.5
LEARNED_LIMIT = 40  # past questions kept per entry


@dataclass(frozen=True)
class Document:
    """An entry as the retriever sees it; `key` is whatever identifies it for the caller (a primary key, an id)."""

    key: object
    questions: Sequence[str]
    answer: str = ""
    title: str = ""
    tags: Sequence[str] = ()
    learned: Sequence[Sequence[str]] = ()  # stems of questions operators answered with this entry


@dataclass(frozen=True, slots=True)
class Hit:
    key: object
    score: float
    confidence: float  # probability that this entry answers the message (top hit); lower hits are scaled


@dataclass
class _Indexed:
    key: object
    fields: dict[str, Counter[str]] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)


def _field_terms(text: str) -> list[str]:
    terms = analyse(text)
    return list(terms.stems) + [f"b:{b}" for b in terms.bigrams]


class Index:
    def __init__(self, documents: Iterable[Document]) -> None:
        self.docs: list[_Indexed] = []
        for d in documents:
            item = _Indexed(d.key)
            sources = {
                "question": list(d.questions),
                "tags": list(d.tags),
                "title": [d.title] if d.title else [],
                "answer": [d.answer] if d.answer else [],
            }
            for name, texts in sources.items():
                counter: Counter[str] = Counter()
                for text in texts:
                    counter.update(_field_terms(text))
                item.fields[name] = counter
            learned: Counter[str] = Counter()
            for stems in list(d.learned)[-LEARNED_LIMIT:]:
                learned.update(set(stems) | {f"b:{a}_{b}" for a, b in zip(stems, stems[1:])})
            item.fields["learned"] = learned
            item.lengths = {name: sum(c.values()) for name, c in item.fields.items()}
            self.docs.append(item)
        n = len(self.docs)
        self.n = n
        self.avg = {
            name: (sum(d.lengths[name] for d in self.docs) / n if n else 0.0) or 1.0 for name in FIELD_WEIGHTS
        }
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update({t for c in d.fields.values() for t in c})
        self.idf = {t: math.log(1.0 + (n - k + 0.5) / (k + 0.5)) for t, k in df.items()}
        self.max_idf = math.log(1.0 + (n + 0.5) / 0.5) if n else 1.0
        self._fuzzy: dict[str, set[str]] = {}
        for t in self.idf:
            if not t.startswith("b:") and len(t) >= 4:
                for key in deletions(t):
                    self._fuzzy.setdefault(key, set()).add(t)

    # -- query side ---------------------------------------------------------------------------------------------
    def _resolve(self, stem: str) -> str | None:
        """The indexed stem this one stands for: itself, or a unique one within one edit (typos)."""
        if stem in self.idf:
            return stem
        if len(stem) < 5:
            return None
        near = {t for key in deletions(stem) for t in self._fuzzy.get(key, ()) if within_one_edit(stem, t)}
        return min(near, key=lambda t: (-self.idf[t], t)) if len(near) >= 1 else None

    def _query(self, terms: Terms) -> tuple[list[str], int]:
        resolved: list[str] = []
        unknown = 0
        for s in dict.fromkeys(terms.stems):
            r = self._resolve(s)
            if r is None:
                unknown += 1
            elif r not in resolved:
                resolved.append(r)
        return resolved, unknown

    def _tf(self, doc: _Indexed, term: str, fields: Sequence[str]) -> float:
        total = 0.0
        for name in fields:
            tf = doc.fields[name].get(term)
            if tf:
                norm = 1.0 - B + B * doc.lengths[name] / self.avg[name]
                total += FIELD_WEIGHTS[name] * tf / norm
        return total

    def _score(self, doc: _Indexed, query: list[str], bigrams: list[str]) -> float:
        score = 0.0
        for t in query:
            tf = self._tf(doc, t, tuple(FIELD_WEIGHTS))
            if tf:
                score += self.idf[t] * tf * (K1 + 1) / (K1 + tf)
        for t in bigrams:
            tf = self._tf(doc, t, tuple(FIELD_WEIGHTS))
            if tf:
                score += BIGRAM_WEIGHT * self.idf[t] * tf * (K1 + 1) / (K1 + tf)
        return score

    def search(self, text: str, k: int = 3) -> list[Hit]:
        """The k best entries for `text`, best first; empty when nothing in the message matches any entry."""
        ranked, features = self.explain(text)
        if not ranked:
            return []
        p = calibration.probability(features)
        top = ranked[0][1]
        return [
            Hit(doc.key, round(score, 4), round(p if i == 0 else p * score / top, 4))
            for i, (doc, score) in enumerate(ranked[:k])
        ]

    def explain(self, text: str) -> tuple[list[tuple[_Indexed, float]], dict[str, float]]:
        """Every matching entry with its score, best first, and the evidence features of the best."""
        terms = analyse(text)
        query, unknown = self._query(terms)
        if not query or not self.docs:
            return [], {}
        pairs = [f"{a}_{b}" for a, b in zip(query, query[1:])]
        bigrams = [f"b:{p}" for p in pairs if f"b:{p}" in self.idf]
        scored = [(d, self._score(d, query, bigrams)) for d in self.docs]
        ranked = sorted((x for x in scored if x[1] > 0), key=lambda x: -x[1])
        if not ranked:
            return [], {}
        return ranked, self._features(terms, query, unknown, ranked)

    def _features(
        self, terms: Terms, query: list[str], unknown: int, ranked: list[tuple[_Indexed, float]]
    ) -> dict[str, float]:
        best, s1 = ranked[0]
        s2 = ranked[1][1] if len(ranked) > 1 else 0.0
        mass = sum(self.idf[t] for t in query) + unknown * self.max_idf
        strong = sum(self.idf[t] for t in query if self._tf(best, t, STRONG_FIELDS))
        anywhere = sum(self.idf[t] for t in query if self._tf(best, t, tuple(FIELD_WEIGHTS)))
        own = best.fields["question"]
        own_terms = [t for t in own if not t.startswith("b:")]
        own_mass = sum(self.idf.get(t, 0.0) for t in own_terms) or 1.0
        own_hit = sum(self.idf.get(t, 0.0) for t in own_terms if t in query)
        n_terms = len(query) + unknown
        head = sum(score for _, score in ranked[:5])
        strong_terms = sum(1 for t in query if self._tf(best, t, STRONG_FIELDS))
        pairs = [f"b:{a}_{b}" for a, b in zip(query, query[1:])]
        return {
            "strong_terms": min(strong_terms, 4) / 4,
            "pair": 1.0 if any(self._tf(best, p, STRONG_FIELDS) for p in pairs) else 0.0,
            "share": s1 / head,
            "strong_cover": strong / mass,
            "cover": anywhere / mass,
            "margin": (s1 - s2) / s1,
            "log_score": math.log1p(s1),
            "entry_cover": own_hit / own_mass,
            "unknown": unknown / n_terms,
            "log_terms": math.log1p(n_terms),
            "question": 1.0 if terms.question else 0.0,
            "learned": 1.0 if any(best.fields["learned"].get(t) for t in query) else 0.0,
        }


def learned_terms(text: str) -> list[str]:
    """What is kept of a citizen's question when an operator uses an entry for it: its stems, not its text."""
    return list(analyse(text).stems)
