"""Slot for an optional machine-learned classifier, read from a local file. Off by default; never downloads.

A classifier is any callable `text -> {category: probability}`. `load_classifier` reads the one format shipped
with Sportello, a linear model over Italian stems (JSON, so loading it cannot run code, unlike a pickle):

    {"format": "sportello-linear-v1",
     "categories": {"vulgar": {"bias": -4.0, "weights": {"cazz": 3.1, "merd": 2.8, ...}}, ...}}

A feature is a stem from `sportello.textkit.stems` or a pair of consecutive stems joined by a space. Anything else
(a local transformer, a remote service behind the platform's own gateway) can be plugged in as a callable through
`ScreenConfig(classifier=...)`.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from sportello.moderation.screening.types import Category
from sportello.textkit import stems

Classifier = Callable[[str], dict[str, float]]
FORMAT = "sportello-linear-v1"
ENV_VAR = "SPORTELLO_MODERATION_CLASSIFIER"


def load_classifier(path: str | os.PathLike[str]) -> Classifier:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} model")
    known = {c.value for c in Category}
    models: dict[str, tuple[float, dict[str, float]]] = {}
    for name, spec in data.get("categories", {}).items():
        if name not in known:
            raise ValueError(f"{path}: unknown category {name!r}")
        models[name] = (float(spec.get("bias", 0.0)), {k: float(v) for k, v in spec.get("weights", {}).items()})

    def classify(text: str) -> dict[str, float]:
        words = stems(text)
        features = set(words) | {f"{a} {b}" for a, b in pairwise(words)}
        return {
            name: 1.0 / (1.0 + math.exp(-(bias + sum(weights.get(f, 0.0) for f in features))))
            for name, (bias, weights) in models.items()
        }

    return classify


def classifier_from_env() -> Classifier | None:
    """The classifier named by SPORTELLO_MODERATION_CLASSIFIER, or None when the variable is unset."""
    path = os.environ.get(ENV_VAR, "").strip()
    return load_classifier(path) if path else None
