"""Recognising keyword commands ("ISCRIZIONE ON #EMERGENZE", "👍🏽", "Cancellami!") in a citizen's message.

A message is a command only when it *is* the command, optionally followed by list tags: a sentence that
contains the word ("come attivo la tessera sanitaria?") is a message for the office. Matching ignores case,
accents, every kind of apostrophe ("PUBBLICAUTILITA’" = "pubblicautilità"), extra spaces, punctuation, emoji
skin tones and variation selectors. Pure Python, no Django: the pipeline passes plain `CommandSpec`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sportello.textkit import fold

# Emoji modifiers and invisible joiners: "👍🏿" and "👍️" are "👍".
_INVISIBLE = {
    *(chr(c) for c in range(0x1F3FB, 0x1F400)),  # skin tones
    "\ufe0e", "\ufe0f",  # variation selectors (text / emoji presentation)
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width characters
}
_INVISIBLE_RE = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
# Characters that never carry meaning in a command.
_IGNORED = set(".,;:!?¡¿\"'«»“”„‚‹›()[]{}<>-–—‒―…*_~/\\|+&=^°·•")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# Words joining tags: "#EMERGENZE e #PUBBLICAUTILITA".
_CONNECTORS = {"e", "ed", "and", "o", "oppure"}


def canonical(text: str) -> str:
    """Folded text without emoji modifiers (case, accents, apostrophes and spaces already normalised)."""
    return fold(_INVISIBLE_RE.sub("", text))


def tokens(text: str) -> list[str]:
    """Words and symbols (emoji) of the canonical text, without punctuation."""
    return [t for t in _TOKEN_RE.findall(canonical(text)) if t not in _IGNORED]


def tag_key(tag: str) -> str:
    """"#PUBBLICAUTILITA’", "# pubblica utilità", "pubblicautilita" → "pubblicautilita"."""
    return "".join(t for t in tokens(tag.replace("#", " ")))


def _is_symbolic(phrase: tuple[str, ...]) -> bool:
    return all(not re.match(r"\w", t) for t in phrase)


@dataclass(frozen=True)
class CommandSpec:
    key: Any  # the caller's id (a KeywordCommand pk)
    phrases: tuple[tuple[str, ...], ...]
    accepts_tags: bool = True

    @classmethod
    def build(cls, key: Any, phrases: Iterable[str], accepts_tags: bool = True) -> CommandSpec:
        parsed = tuple(p for p in (tuple(tokens(phrase)) for phrase in phrases) if p)
        return cls(key, parsed, accepts_tags)


@dataclass(frozen=True)
class CommandMatch:
    key: Any
    tags: tuple[str, ...] = ()  # known tag keys, in the citizen's order
    unknown_tags: tuple[str, ...] = ()  # tags as the citizen wrote them (folded), not known
    phrase: tuple[str, ...] = field(default=())


def _phrase_matches(head: list[str], phrase: tuple[str, ...]) -> bool:
    if head == list(phrase):
        return True
    # "👍👍" or "👍 👍" is still a thumbs-up.
    n = len(phrase)
    return _is_symbolic(phrase) and len(head) > n and len(head) % n == 0 and head == list(phrase) * (len(head) // n)


def _parse_tags(tail: str, known: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    found: list[str] = []
    unknown: list[str] = []
    for segment in tail.split("#"):
        words = tokens(segment)
        while words and words[-1] in _CONNECTORS:
            words.pop()
        if not words:
            continue
        joined = "".join(words)
        if joined in known:
            found.append(joined)
        elif all(w in known or w in _CONNECTORS for w in words):
            found.extend(w for w in words if w in known)
        else:
            unknown.append(joined)
    return found, unknown


def match_command(text: str, commands: Iterable[CommandSpec], known_tags: Mapping[str, Any]) -> CommandMatch | None:
    """The command this whole message is, or None. `known_tags` maps tag keys (see `tag_key`) to lists."""
    if not text or len(text) > 200:
        return None
    folded = canonical(text)
    head_text, hash_sign, tail = folded.partition("#")
    head = tokens(head_text)
    if not head:
        return None
    commands = list(commands)
    for command in commands:
        for phrase in command.phrases:
            if _phrase_matches(head, phrase):
                if not hash_sign:
                    return CommandMatch(command.key, phrase=phrase)
                if not command.accepts_tags:
                    return None
                found, unknown = _parse_tags(tail, known_tags)
                if not found and not unknown:
                    return CommandMatch(command.key, phrase=phrase)
                return CommandMatch(command.key, tuple(dict.fromkeys(found)), tuple(unknown), phrase)
    # Tags written without "#" ("ISCRIZIONE ON EMERGENZE"): only when every extra word is a known tag,
    # so "iscrizione on line al nido" stays a question.
    for command in commands:
        if not command.accepts_tags:
            continue
        for phrase in command.phrases:
            n = len(phrase)
            if len(head) > n and head[:n] == list(phrase):
                rest = head[n:]
                if all(w in known_tags or w in _CONNECTORS for w in rest) and any(w in known_tags for w in rest):
                    found = [w for w in rest if w in known_tags]
                    extra_found, unknown = _parse_tags(tail, known_tags) if hash_sign else ([], [])
                    return CommandMatch(command.key, tuple(dict.fromkeys(found + extra_found)), tuple(unknown), phrase)
    return None


def is_one_of(text: str, phrases: Iterable[str]) -> bool:
    """Is the whole message one of these phrases ("Accetto", "Sì, accetto")?"""
    head = _message_tokens(text)
    return bool(head) and any(head == _phrase_tokens(str(p)) for p in phrases)


@lru_cache(maxsize=1024)
def _message_tokens(text: str) -> tuple[str, ...]:
    # Cached: a message is asked several times in a row (consent words, then the hand-over words).
    return tuple(tokens(text))


@lru_cache(maxsize=1024)
def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(phrase))
