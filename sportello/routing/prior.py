"""Cold-start evidence: which departments' configured keywords a message mentions."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sportello.routing.analysis import Analysis
from sportello.routing.matching import KeywordIndex, Match
from sportello.routing.profile import DepartmentProfile

# The fallback office's topics (hours, contacts, the service itself) often frame another department's request
# ("orari dell'isola ecologica"), so its keywords count for less.
FALLBACK_KEYWORD_FACTOR = 0.6


@dataclass(frozen=True, slots=True)
class KeywordEvidence:
    scores: dict[str, float]  # department -> summed keyword weight
    matches: dict[str, list[Match]]  # department -> the keywords that matched


class KeywordPrior:
    """Keyword scores per department, turned into a probability distribution when needed."""

    def __init__(self, profiles: Sequence[DepartmentProfile], fallback: str | None = None) -> None:
        self.codes = [p.code for p in profiles]
        self.fallback = fallback
        self.index = KeywordIndex()
        for p in profiles:
            factor = FALLBACK_KEYWORD_FACTOR if p.code == fallback else 1.0
            self.index.add_all(((kw, p.code, cat) for kw, cat in p.entries()), weight=factor)

    def evidence(
        self, a: Analysis, shares: Callable[[Match], dict[str, float]] | None = None
    ) -> KeywordEvidence:
        """Keyword scores per department; `shares` may split a keyword's score among departments."""
        by_dept: dict[str, list[Match]] = defaultdict(list)
        totals: dict[str, float] = defaultdict(float)
        for m in self.index.matches(a):
            by_dept[m.keyword.owner].append(m)
            for dept, share in (shares(m) if shares else {m.keyword.owner: 1.0}).items():
                totals[dept] += m.score * share
        # Several keywords of one department add up, with diminishing returns so a long message listing
        # a department's vocabulary does not drown a decisive phrase of another.
        scores = {d: _saturate(v) for d, v in totals.items()}
        return KeywordEvidence(scores, dict(by_dept))

    def distribution(
        self, ev: KeywordEvidence, sharpness: float, fallback_score: float, codes: Sequence[str] | None = None
    ) -> dict[str, float]:
        """Softmax over keyword scores of `codes` (default: the profiles); with no keyword, the fallback leads."""
        raw = {c: ev.scores.get(c, 0.0) for c in (codes or self.codes)}
        if self.fallback in raw:
            raw[self.fallback] = max(raw[self.fallback], fallback_score)
        top = max(raw.values(), default=0.0)
        exps = {c: math.exp(sharpness * (v - top)) for c, v in raw.items()}
        z = sum(exps.values())
        return {c: e / z for c, e in exps.items()}


def _saturate(x: float) -> float:
    return 2.5 * math.log1p(x / 2.5)
