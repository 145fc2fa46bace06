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

import numpy as np

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
    """The same features as `featurize`, by group: (the group's value, its names)."""
    words, pairs, form = word_groups(text)
    flat = _flat(text)
    grams = tuple(dict.fromkeys("c:" + flat[i:i + n] for n in CHAR_N for i in range(len(flat) - n + 1)))
    return tuple((1.0 / math.sqrt(len(names)), names) for names in (words, pairs, grams, form) if names)


@lru_cache(maxsize=4096)
def word_groups(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The names of the stem, stem-pair and form groups, each unique in first-seen order (the same sums on every
    run); the character group is `char_codes` or, as names, `feature_groups`."""
    words = tokens(text)
    stems = [stem(w) for w in words]
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
    return (
        tuple(dict.fromkeys("w:" + s for s in stems)),
        tuple(dict.fromkeys("b:" + a + "_" + b for a, b in pairwise(stems))),
        tuple(form),
    )


def _flat(text: str) -> str:
    return " " + _NOT_CHAR.sub(" ", fold(text)).strip() + " "


# Character n-grams as integers, for scoring: seven bits a character (the flat text is ASCII once "€" is written
# as "#", which the flat text cannot otherwise hold) and n above them, so every n-gram of every length has its
# own code. A message's two or three hundred n-grams are then a few array operations instead of as many strings.
_GRAM_BITS = 7
_N_SHIFT = _GRAM_BITS * max(CHAR_N)


def char_codes(text: str) -> np.ndarray:
    """The codes of the text's character n-grams (`feature_groups`' "c:" names), unique and sorted."""
    flat = np.frombuffer(_flat(text).replace("€", "#").encode("ascii"), dtype=np.uint8).astype(np.int64)
    codes = []
    gram = flat
    for n in range(1, max(CHAR_N) + 1):
        if n > 1:
            gram = (gram[:-1] << _GRAM_BITS) | flat[n - 1:]
        if n in CHAR_N and gram.size:
            codes.append(gram | (n << _N_SHIFT))
    return np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)


def gram_code(name: str) -> int | None:
    """The code of a "c:" feature name (see `char_codes`); None for any other name."""
    if not name.startswith("c:"):
        return None
    gram = name[2:].replace("€", "#")
    if len(gram) not in CHAR_N or not gram.isascii():
        return None
    code = 0
    for ch in gram:
        code = (code << _GRAM_BITS) | ord(ch)
    return code | (len(gram) << _N_SHIFT)
