"""Folding text to a comparable form: case, accents, apostrophes, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every apostrophe-like character citizens' keyboards produce, folded to ASCII "'".
APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\u275b\u275c\uff07"
_APOSTROPHE_TABLE = str.maketrans({ch: "'" for ch in APOSTROPHES})
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def normalize_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHE_TABLE)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """Every combining code point, deleted by `str.translate` (one C call instead of a test per character). None
    lies beyond the first two planes (the last is U+1E94A), so the scan stops there."""
    return {cp: None for cp in range(0x20000) if unicodedata.combining(chr(cp))}


_ACCENT_APOSTROPHE = re.compile(r"(?<=[aeiou])'(?=\s|$|[^\w])")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free, ASCII apostrophes, single spaces.

    "PUBBLICAUTILITA’" and "pubblicautilità" fold to the same string; an accented final vowel written
    the Italian keyboard-less way ("perche'", "e'") folds like the accented one. Cached: the models' features,
    the routing analysis and the policies' matching fold the same message.
    """
    text = strip_accents(normalize_apostrophes(text)).casefold()
    return _SPACES.sub(" ", _ACCENT_APOSTROPHE.sub("", text)).strip()


def tokens(text: str) -> list[str]:
    """Words of the folded text; elisions are split ("dell'anagrafe" -> "dell", "anagrafe")."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: the models' features and the routing suggester read the same message's words.
    return tuple(part for word in _WORD_RE.findall(fold(text)) for part in word.split("'") if part)
