"""The shipped confidence model: a logistic regression over the retriever's evidence features.

Its weights and the automatic-answer threshold live in `calibration_model.py`, written by
`training/train.py` from data written for the project (never from the development datasets).
"""

from __future__ import annotations

import math

from sportello.knowledge import calibration_model as model

FEATURES: tuple[str, ...] = tuple(model.WEIGHTS)
THRESHOLD: float = model.THRESHOLD


def probability(features: dict[str, float], weights: dict[str, float] | None = None, bias: float | None = None) -> float:
    w = model.WEIGHTS if weights is None else weights
    z = (model.BIAS if bias is None else bias) + sum(w[name] * features.get(name, 0.0) for name in w)
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
