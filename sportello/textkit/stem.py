"""Italian (and English) stemming through Snowball, cached because vocabularies are small."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from sportello.textkit.normalize import tokens

_STEMMERS = {lang: snowballstemmer.stemmer(name) for lang, name in (("it", "italian"), ("en", "english"))}


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "it") -> str:
    return _STEMMERS[lang].stemWord(word)


def stems(text: str, lang: str = "it") -> list[str]:
    return [stem(word, lang) for word in tokens(text)]
