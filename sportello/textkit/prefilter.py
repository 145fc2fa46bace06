"""Which literal strings a regex cannot match without: a cheap test before running it.

`required_literals(pattern)` returns a set of strings such that every match of the pattern contains at least one
of them (or None when the pattern promises nothing useful). Running two hundred phrase regexes over every message
costs more than the rest of screening; testing `any(lit in text for lit in literals)` first skips nearly all of
them, the way RE2 and Hyperscan prefilter. Derived from Python's own parse of the pattern, so it cannot drift from
what the regex matches.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser as parser
from collections.abc import Iterable
from typing import Any

MIN_LENGTH = 3  # shorter literals ("di", "la") are in nearly every message: no filter at all
Literals = frozenset[str]


def required_literals(pattern: str | re.Pattern[str]) -> Literals | None:
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    flags = pattern.flags if isinstance(pattern, re.Pattern) else 0
    parsed = parser.parse(source, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None  # literals would need every case: leave such patterns unfiltered
    return _sequence(list(parsed))


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two requirements: fewer, longer literals (spaces do not count: " che " is common)."""
    if a is None:
        return b
    if b is None:
        return a

    def rank(literals: Literals) -> tuple[int, int]:
        return min(len(lit.strip()) for lit in literals), -len(literals)

    return a if rank(a) >= rank(b) else b


def _sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    """Every match runs through each item in turn: any one item's requirement holds for the whole."""
    best: Literals | None = None
    run = ""
    for op, av in items + [(None, None)]:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if len(run.strip()) >= MIN_LENGTH:
            best = _better(best, frozenset({run}))
        run = ""
        if op is not None:
            best = _better(best, _item(op, av))
    return best


def _item(op: Any, av: Any) -> Literals | None:
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is C.BRANCH:
        alternatives = [_sequence(list(branch)) for branch in av[1]]
        if any(a is None for a in alternatives):
            return None  # one way through needs no literal
        return frozenset().union(*alternatives)  # type: ignore[arg-type]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op is C.ATOMIC_GROUP:
        return _sequence(list(av))
    return None  # classes, lookarounds, anchors, backreferences: no literal promised


class LiteralScanner:
    """Finds which of many literals occur in a text with one regex pass: the literals as a trie, tried at every
    position through a lookahead (so overlapping occurrences count), longest first."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = frozenset(literals)
        self._regex = re.compile("(?=(" + _trie_regex(sorted(self.literals)) + "))") if self.literals else None

    def present(self, text: str) -> set[str]:
        if self._regex is None:
            return set()
        found = set(self._regex.findall(text))
        # At one position only the longest literal is reported: its prefixes that are literals occur there too.
        for literal in list(found):
            found.update(literal[:k] for k in range(1, len(literal)) if literal[:k] in self.literals)
        return found


def _trie_regex(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append("")  # the word may end here: after the longer ways on
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie)


def may_match(literals: Literals | None, present: set[str]) -> bool:
    """Could a regex with these required literals match a text in which `present` literals occur?"""
    return literals is None or not literals.isdisjoint(present)
