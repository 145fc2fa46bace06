"""An incremental multinomial Naive Bayes: exact, order-independent learning and unlearning by counting.

Counting suits operators' confirmations: every confirmation is one `learn`, a later correction is an `unlearn`
plus a `learn`, and the whole state is a few JSON dictionaries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any


class NaiveBayes:
    def __init__(self, alpha: float = 0.1) -> None:
        self.alpha = alpha
        self.counts: dict[str, dict[str, float]] = {}  # feature -> class -> weighted count
        self.class_totals: dict[str, float] = defaultdict(float)
        self.class_docs: dict[str, int] = defaultdict(int)

    @property
    def n_docs(self) -> int:
        return sum(self.class_docs.values())

    @property
    def classes(self) -> list[str]:
        return [c for c, n in self.class_docs.items() if n > 0]

    def learn(self, feats: dict[str, float], label: str, sign: int = 1) -> None:
        for f, x in feats.items():
            row = self.counts.setdefault(f, {})
            value = row.get(label, 0.0) + sign * x
            if value > 1e-9:
                row[label] = value
            else:
                row.pop(label, None)
                if not row:
                    del self.counts[f]
            self.class_totals[label] = max(0.0, self.class_totals[label] + sign * x)
        self.class_docs[label] = max(0, self.class_docs[label] + sign)

    def forget(self, label: str) -> None:
        """Drop everything learned for a class (e.g. a department that no longer exists)."""
        for f in list(self.counts):
            row = self.counts[f]
            row.pop(label, None)
            if not row:
                del self.counts[f]
        self.class_totals.pop(label, None)
        self.class_docs.pop(label, None)

    def log_posterior(
        self, feats: dict[str, float], classes: Iterable[str] | None = None
    ) -> dict[str, float]:
        """Unnormalised log P(class | features); features never seen in training are ignored."""
        classes = list(classes) if classes is not None else self.classes
        n = self.n_docs
        k = max(1, len(classes))
        log_alpha = math.log(self.alpha)
        vocab = max(1, len(self.counts))
        known = [(self.counts[f], x) for f, x in feats.items() if f in self.counts]
        mass = sum(x for _, x in known)
        out: dict[str, float] = {}
        for c in classes:
            denom = math.log(self.class_totals.get(c, 0.0) + self.alpha * vocab)
            s = math.log((self.class_docs.get(c, 0) + 1) / (n + k)) + mass * (log_alpha - denom)
            for row, x in known:
                v = row.get(c)
                if v:
                    s += x * (math.log(v + self.alpha) - log_alpha)
            out[c] = s
        return out

    def to_state(self) -> dict[str, Any]:
        # Class names are stored once and referred to by position: the counts table is most of the state.
        classes = sorted(self.class_docs)
        pos = {c: str(i) for i, c in enumerate(classes)}
        return {
            "alpha": self.alpha,
            "classes": classes,
            "class_docs": [self.class_docs[c] for c in classes],
            "class_totals": [round(self.class_totals.get(c, 0.0), 6) for c in classes],
            "counts": {f: {pos[c]: round(v, 6) for c, v in row.items()} for f, row in self.counts.items()},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NaiveBayes:
        nb = cls(alpha=float(state.get("alpha", 0.1)))
        classes = list(state.get("classes", []))
        nb.class_docs.update({c: int(v) for c, v in zip(classes, state.get("class_docs", []))})
        nb.class_totals.update({c: float(v) for c, v in zip(classes, state.get("class_totals", []))})
        nb.counts = {
            f: {classes[int(i)]: float(v) for i, v in row.items()}
            for f, row in state.get("counts", {}).items()
        }
        return nb
