"""A municipality's adapter on top of a shipped model, learned online from confirmed decisions.

The adapter is a sparse correction to the shipped model's weights (same features, same classes). A confirmed
decision (a moderator confirms or restores a message, an operator opens a case) takes a few gradient steps on
that one message until the adapted model agrees with the decision with a margin, so the next similar message is
scored differently at once. Steps are small and pulled towards zero, so one decision moves its neighbourhood,
not the whole model. The state is a JSON dictionary stored per municipality.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from sportello.learning.features import featurize
from sportello.learning.linear import LinearModel, _sigmoid

STATE_VERSION = 1
LEARNING_RATE = 1.0
MAX_STEPS = 12
MARGIN = 0.75  # the decision is learned when the adapted model gives it this probability
SHRINK = 0.01  # pull of every step towards the shipped model


class Adapter:
    def __init__(self, model: LinearModel, state: dict[str, Any] | None = None) -> None:
        self.model = model
        self.index = {c: i for i, c in enumerate(model.classes)}
        self.delta: dict[str, list[float]] = {}
        self.bias = [0.0] * len(model.classes)
        self.learned = 0
        if state:
            if state.get("version") != STATE_VERSION or list(state.get("classes", [])) != list(model.classes):
                raise ValueError("adapter state does not fit the shipped model")
            self.delta = {f: [float(v) for v in w] for f, w in state.get("delta", {}).items()}
            self.bias = [float(v) for v in state.get("bias", self.bias)]
            self.learned = int(state.get("learned", 0))

    @property
    def classes(self) -> tuple[str, ...]:
        return self.model.classes

    def _logits(self, shipped: list[float], feats: tuple[tuple[str, float], ...]) -> list[float]:
        """The shipped model's logits (`shipped`, computed once per text) plus this municipality's correction."""
        n = len(shipped)
        z = [v + b for v, b in zip(shipped, self.bias)]
        for name, x in feats:
            d = self.delta.get(name)
            if d is not None:
                for c in range(n):
                    z[c] += x * d[c]
        return z

    def _probs(self, z: list[float]) -> list[float]:
        if self.model.mode == "sigmoid":
            return [_sigmoid(v) for v in z]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        s = sum(e)
        return [v / s for v in e]

    def predict(self, text: str) -> dict[str, float]:
        if not self.delta and not any(self.bias):
            return self.model.predict(text)
        return dict(zip(self.classes, self._probs(self._logits(self.model.logits(text), featurize(text)))))

    def learn(self, text: str, labels: Iterable[str]) -> None:
        """Learn one confirmed decision: `labels` are the right classes (none: clean, for a sigmoid model)."""
        target = [0.0] * len(self.classes)
        for label in labels:
            if label not in self.index:
                raise ValueError(f"unknown class {label!r}")
            target[self.index[label]] = 1.0
        if self.model.mode == "softmax" and sum(target) != 1.0:
            raise ValueError("a softmax model learns exactly one class per message")
        feats = featurize(text)
        shipped = self.model.logits(text)
        for _step in range(MAX_STEPS):
            p = self._probs(self._logits(shipped, feats))
            if self._agrees(p, target):
                break
            grad = [pc - yc for pc, yc in zip(p, target)]
            for name, x in feats:
                d = self.delta.setdefault(name, [0.0] * len(grad))
                for c, g in enumerate(grad):
                    d[c] = (1.0 - SHRINK) * d[c] - LEARNING_RATE * g * x
            for c, g in enumerate(grad):
                self.bias[c] -= 0.05 * LEARNING_RATE * g
        self.learned += 1

    def _agrees(self, p: list[float], target: list[float]) -> bool:
        if self.model.mode == "softmax":
            return p[target.index(1.0)] >= MARGIN
        return all((pc >= MARGIN) if yc else (pc <= 1.0 - MARGIN) for pc, yc in zip(p, target))

    def to_state(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION, "classes": list(self.classes), "learned": self.learned,
            "bias": [round(b, 5) for b in self.bias],
            "delta": {f: [round(v, 5) for v in w] for f, w in self.delta.items() if any(abs(v) > 1e-5 for v in w)},
        }
