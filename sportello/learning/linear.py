"""Shipped linear models: weights in JSON inside the package, read lazily, scored in pure Python.

A model is multinomial (`softmax`: one class per message, e.g. the department) or one-vs-rest (`sigmoid`: any
number of classes, e.g. moderation categories). `temperature` was fitted on a held-out slice of the training
data so probabilities mean what they say. JSON, not pickle: loading a model cannot run code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sportello.learning.features import featurize

FORMAT = "sportello-linear-v2"
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"


@dataclass(frozen=True)
class LinearModel:
    task: str
    mode: str  # "softmax" or "sigmoid"
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    temperature: float = 1.0
    meta: dict | None = None

    def logits(self, text: str) -> list[float]:
        # Features of one group share one value (features.py): add up each value's weight vectors column by
        # column (zip and sum loop in C), then scale once. Three times faster than a Python loop per feature; the
        # sums differ from it only in the last bits.
        weights = self.weights
        by_value: dict[float, list[tuple[float, ...]]] = {}
        for name, x in featurize(text):
            w = weights.get(name)
            if w is not None:
                by_value.setdefault(x, []).append(w)
        z = list(self.bias)
        for x, vectors in by_value.items():
            z = [v + x * column for v, column in zip(z, map(sum, zip(*vectors)))]
        t = self.temperature
        return [v / t for v in z]

    def predict(self, text: str) -> dict[str, float]:
        """Calibrated probability per class (softmax: they sum to one)."""
        z = self.logits(text)
        if self.mode == "sigmoid":
            return {c: _sigmoid(v) for c, v in zip(self.classes, z)}
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def predict_many(self, texts: list[str]) -> list[dict[str, float]]:
        return [self.predict(t) for t in texts]

    def to_dict(self) -> dict:
        return {
            "format": FORMAT, "task": self.task, "mode": self.mode, "classes": list(self.classes),
            "bias": [round(b, 5) for b in self.bias], "temperature": round(self.temperature, 5),
            "meta": self.meta or {},
            "weights": {f: [round(v, 4) for v in w] for f, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        return cls(
            task=data["task"], mode=data["mode"], classes=tuple(data["classes"]),
            bias=tuple(float(b) for b in data["bias"]),
            weights={f: tuple(float(v) for v in w) for f, w in data["weights"].items()},
            temperature=float(data.get("temperature", 1.0)), meta=data.get("meta") or {},
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")


def _sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


@lru_cache(maxsize=8)
def shipped(task: str) -> LinearModel | None:
    """The model shipped for a task ("moderation", "routing", "intent"), or None when the package has none."""
    path = WEIGHTS_DIR / f"{task}.json"
    if not path.is_file():
        return None
    return LinearModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
