"""Features the learned model counts: stems, stem bigrams, character n-grams of stems, keyword hits.

Stems generalise across inflections; character n-grams across typos, dialect spellings and compounds
("spazzaneve", "illuminazzione"); keyword-hit features let the model learn how far each department's
configured vocabulary can be trusted in this municipality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from sportello.routing.analysis import Analysis
from sportello.routing.matching import Match

CHAR_N = (3, 4, 5)


def features(a: Analysis, matches: Sequence[Match] = (), char_weight: float = 0.2) -> dict[str, float]:
    out: Counter[str] = Counter()
    content = [a.stems[i] for i in a.content if a.stems[i] != "#num"]
    for s in content:
        out["w:" + s] += 1.0
    for s1, s2 in pairwise(content):
        out["b:" + s1 + "_" + s2] += 1.0
    if char_weight:
        for i in a.content:
            padded = "<" + a.skeletons[i] + ">"
            for n in CHAR_N:
                for j in range(len(padded) - n + 1):
                    out["c:" + padded[j : j + n]] += char_weight
    for m in matches:
        out["k:" + m.keyword.owner] += 1.0
        if m.keyword.label:
            out["kc:" + m.keyword.owner + "/" + m.keyword.label] += 1.0
    return dict(out)
