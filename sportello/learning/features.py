"""What the shipped linear models read: stems, stem pairs, character n-grams and a few signs of form.

Stems generalise across inflections; character n-grams across typos, masked words ("m3rda"), dialect spellings and
compounds; stem pairs catch short phrases ("rubato portafoglio", "ti aspetto"). Each group is L2-normalised on its
own so a long message does not outweigh a short one and no group drowns the others.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import pairwise

from sportello.textkit import fold, stem, tokens

CHAR_N = (3, 4, 5)
_NOT_CHAR = re.compile(r"[^a-z0-9*@$€.]+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|xyz|top|bet|cc|io|info|biz|ly|me|it|eu)\b",
                   re.IGNORECASE)
_PHONE = re.compile(r"(?:\+39[\s.]?)?\b3\d{2}[\s.]?\d{3}[\s.]?\d{3,4}\b")
_IBAN = re.compile(r"\bIT\d{2}[A-Z]\d{10}[0-9A-Z]{12}\b", re.IGNORECASE)
_MONEY = re.compile(r"\d+\s*(?:€|euro)|€\s*\d+", re.IGNORECASE)


def featurize(text: str) -> tuple[tuple[str, float], ...]:
    """Sparse features of a text as (name, value) pairs (from the cached `feature_groups`)."""
    return tuple((name, value) for value, names in feature_groups(text) for name in names)


@lru_cache(maxsize=4096)
def feature_groups(text: str) -> tuple[tuple[float, tuple[str, ...]], ...]:
    """The same features as `featurize`, by group: (the group's value, its names). Scoring reads them this way
    (linear.py), one lookup pass per group in C instead of a Python loop per feature; the pipeline's three
    models read every message's features, so this is cached too."""
    words = tokens(text)
    stems = [stem(w) for w in words]
    groups: list[list[str]] = [
        ["w:" + s for s in stems],
        ["b:" + a + "_" + b for a, b in pairwise(stems)],
    ]
    flat = " " + _NOT_CHAR.sub(" ", fold(text)).strip() + " "
    groups.append(["c:" + flat[i:i + n] for n in CHAR_N for i in range(len(flat) - n + 1)])
    form = []
    if "?" in text:
        form.append("f:question")
    if _URL.search(text):
        form.append("f:link")
    if _PHONE.search(text):
        form.append("f:phone")
    if _IBAN.search(text):
        form.append("f:iban")
    if _MONEY.search(text):
        form.append("f:money")
    upper = 0 if text.islower() else sum(map(str.isupper, text))  # most messages: one C call, no count
    if upper and upper > 0.5 * max(1, sum(map(str.isalpha, text))) and len(text) > 8:
        form.append("f:shouting")
    if len(words) <= 3:
        form.append("f:short")
    groups.append(form)
    out: list[tuple[float, tuple[str, ...]]] = []
    for names in groups:
        unique = tuple(dict.fromkeys(names))  # first-seen order: the same sums on every run
        if unique:
            out.append((1.0 / math.sqrt(len(unique)), unique))
    return tuple(out)
