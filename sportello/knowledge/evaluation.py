"""Measuring retrieval and abstention on a labelled set: a knowledge base (JSONL: id, question, answer, tags,
department) and questions (JSONL: text, faq = an entry id or null, lang). Used by bench/faq and training/train.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sportello.knowledge import calibration
from sportello.knowledge.retrieval import Document, Index


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def documents(kb: Sequence[dict[str, Any]]) -> list[Document]:
    return [
        Document(
            key=row["id"],
            questions=[row["question"], *row.get("questions", [])],
            answer=row.get("answer", ""),
            title=row.get("title", ""),
            tags=list(row.get("tags", [])),
        )
        for row in kb
    ]


@dataclass
class Outcome:
    gold: str | None
    ranked: list[str]
    features: dict[str, float]
    lang: str
    seconds: float

    @property
    def top(self) -> str | None:
        return self.ranked[0] if self.ranked else None

    @property
    def correct(self) -> bool:
        return self.gold is not None and self.top == self.gold


def run(index: Index, questions: Sequence[dict[str, Any]]) -> list[Outcome]:
    out = []
    for q in questions:
        start = time.perf_counter()
        ranked, features = index.explain(q["text"])
        elapsed = time.perf_counter() - start
        out.append(Outcome(q.get("faq"), [str(d.key) for d, _ in ranked[:3]], features, q.get("lang", "it"), elapsed))
    return out


@dataclass
class Figures:
    top1: float
    top3: float
    precision: float
    coverage: float
    null_answered: float
    answered: int
    ms_per_question: float


def figures(outcomes: Sequence[Outcome], threshold: float | None = None,
            weights: dict[str, float] | None = None, bias: float | None = None) -> Figures:
    threshold = calibration.THRESHOLD if threshold is None else threshold
    answerable = [o for o in outcomes if o.gold is not None]
    nulls = [o for o in outcomes if o.gold is None]
    auto = [o for o in outcomes if o.features and calibration.probability(o.features, weights, bias) >= threshold]
    auto_right = [o for o in auto if o.correct]
    return Figures(
        top1=_share(sum(o.correct for o in answerable), len(answerable)),
        top3=_share(sum(o.gold in o.ranked[:3] for o in answerable), len(answerable)),
        precision=_share(len(auto_right), len(auto)),
        coverage=_share(len(auto_right), len(answerable)),
        null_answered=_share(sum(1 for o in auto if o.gold is None), len(nulls)),
        answered=len(auto),
        ms_per_question=1000 * sum(o.seconds for o in outcomes) / max(1, len(outcomes)),
    )


def _share(n: float, d: int) -> float:
    return 100.0 * n / d if d else 0.0
