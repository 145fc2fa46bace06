"""Shipped linear models: weights in JSON inside the package, read lazily, scored with numpy.

A model is multinomial (`softmax`: one class per message, e.g. the department) or one-vs-rest (`sigmoid`: any
number of classes, e.g. moderation categories). `temperature` was fitted on a held-out slice of the training
data so probabilities mean what they say. JSON, not pickle: loading a model cannot run code.

Scoring: the models read the same features (features.py), so the process keeps one vocabulary of feature names
and each model a dense matrix with a row per name. A message's names are looked up once for all three models
(the lookups in dictionaries of forty thousand strings were most of the cost: three passes per message, a
fifth of the pipeline's CPU), then each model is one gather and one product. The character n-grams, most of a
message's features, are looked up as integer codes in a sorted array (features.char_codes) rather than built as
strings one by one.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

from sportello.learning.features import char_codes, gram_code, word_groups

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
        matrix, bias = self._dense
        ids, values = VOCABULARY.lookup(text)
        if len(matrix) < VOCABULARY.size:  # names that models loaded after this one brought
            known = ids < len(matrix)
            ids, values = ids[known], values[known]
        return ((values @ matrix[ids] + bias) / self.temperature).tolist()

    def warm(self) -> None:
        """Build the scoring matrix now rather than on the first message."""
        self._dense  # noqa: B018 - a cached property: reading it builds it

    @cached_property
    def _dense(self) -> tuple[np.ndarray, np.ndarray]:
        """A row per name of the shared vocabulary (zeros for the names this model lacks), and the bias."""
        ids = VOCABULARY.add(self.weights)
        matrix = np.zeros((VOCABULARY.size, len(self.classes)))
        if ids:
            matrix[ids] = list(self.weights.values())
        return matrix, np.array(self.bias, dtype=float)

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


class Vocabulary:
    """Feature name -> row, shared by every model the process has scored with. Row 0 stands for every name no
    model knows: it is zeros in every matrix, so a lookup maps each name to a row without a test per name."""

    UNKNOWN = 0

    def __init__(self) -> None:
        self.rows: dict[str, int] = {"\0unknown": self.UNKNOWN}
        self._lock = threading.Lock()
        # The "c:" names as sorted codes (features.char_codes) and their rows, extended as names are added.
        self._grams: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp))

    @property
    def size(self) -> int:
        return len(self.rows)

    def add(self, names: Iterable[str]) -> list[int]:
        """The rows of `names`, in their order, adding the new ones."""
        with self._lock:
            rows = self.rows
            before = len(rows)
            ids = [rows.setdefault(name, len(rows)) for name in names]
            if len(rows) > before:
                self._index_grams(list(rows)[before:])  # a dict keeps its order: the names just added
            return ids

    def _index_grams(self, added: list[str]) -> None:
        pairs = [(code, self.rows[name]) for name in added if (code := gram_code(name)) is not None]
        if not pairs:
            return
        known, rows = self._grams
        known = np.concatenate([known, np.array([c for c, _ in pairs], dtype=np.int64)])
        rows = np.concatenate([rows, np.array([r for _, r in pairs], dtype=np.intp)])
        order = np.argsort(known, kind="stable")
        self._grams = (known[order], rows[order])

    def lookup(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows of a text's features (UNKNOWN for the names no model knows) and their values."""
        return _lookup(text, self.size)

    def gram_rows(self, codes: np.ndarray) -> np.ndarray:
        """The rows of character n-gram codes (sorted), UNKNOWN for those no model knows."""
        known, rows = self._grams
        if not known.size:
            return np.full(codes.size, self.UNKNOWN, dtype=np.intp)
        at = np.minimum(np.searchsorted(known, codes), known.size - 1)
        return np.where(known[at] == codes, rows[at], self.UNKNOWN)


VOCABULARY = Vocabulary()


@lru_cache(maxsize=4096)
def _lookup(text: str, size: int) -> tuple[np.ndarray, np.ndarray]:
    # `size` is part of the key: a model loaded later may know names this text has.
    get = VOCABULARY.rows.get
    unknown = repeat(Vocabulary.UNKNOWN)
    ids: list[int] = []
    values: list[float] = []
    for names in word_groups(text):
        if names:
            ids += map(get, names, unknown)
            values += [1.0 / math.sqrt(len(names))] * len(names)
    codes = char_codes(text)  # the character n-grams, most of a message's features, as arrays
    if codes.size:
        return (np.concatenate([np.array(ids, dtype=np.intp), VOCABULARY.gram_rows(codes)]),
                np.concatenate([values, np.full(codes.size, 1.0 / math.sqrt(codes.size))]))
    return np.array(ids, dtype=np.intp), np.array(values, dtype=float)


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
