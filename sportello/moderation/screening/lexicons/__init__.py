"""What the code of conduct forbids, as weighted patterns over normalised text: one module per category.

`base.py` explains the pattern language and the weights; `words.py` holds the single abusive words and what
normalisation may unmask; each category module lists its terms. `compile_lexicon()` turns them into the regexes the
lexical detector runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sportello.moderation.screening.lexicons import (
    copyright,
    defamation,
    fundraising,
    hate,
    illegal,
    promotion,
    spam,
    threat,
    vulgar,
)
from sportello.moderation.screening.lexicons.base import MACROS, Term, expand
from sportello.moderation.screening.lexicons.words import FUNCTION_WORDS, MASK_WORDS, is_target
from sportello.textkit.prefilter import Literals, LiteralScanner, required_literals

# Order matters only among single words: the first word term that fits a token is the one reported.
TERMS: list[Term] = [
    *vulgar.TERMS, *threat.TERMS, *hate.TERMS, *defamation.TERMS, *promotion.TERMS, *copyright.TERMS,
    *fundraising.TERMS, *illegal.TERMS, *spam.TERMS,
]

__all__ = ["FUNCTION_WORDS", "MACROS", "MASK_WORDS", "TERMS", "CompiledLexicon", "Term", "compile_lexicon",
           "is_target"]


@dataclass(frozen=True, eq=False)  # hashed by identity, for the per-token cache
class CompiledLexicon:
    """How the terms run fast.

    Single-word terms are one regex, looked up per distinct token (a token is one word, so at most one of them fits
    it). Phrase terms run over " " + joined + " " and start by consuming a space: a literal first character lets the
    regex engine jump from word boundary to word boundary instead of trying every character. Each phrase also
    carries the literals every match contains (`textkit.prefilter`): most messages contain none of them, and the
    regex is then not run at all.
    """

    words: re.Pattern[str]
    word_terms: dict[str, Term]
    phrases: list[tuple[Term, re.Pattern[str], Literals | None]]
    phrase_literals: LiteralScanner
    phrases_by_literal: dict[str, list[int]]  # literal -> the phrases (indices) that need it
    unfiltered_phrases: tuple[int, ...]  # phrases that promise no literal: always run
    unless: dict[str, re.Pattern[str]]

    def word_term(self, token: str) -> Term | None:
        return _word_term(self, token)

    def candidate_phrases(self, padded: str) -> list[tuple[Term, re.Pattern[str], Literals | None]]:
        """The phrases that may match `padded` (in lexicon order): those whose required literals occur in it."""
        present = self.phrase_literals.present(padded)
        chosen = set(self.unfiltered_phrases)
        for literal in present:
            chosen.update(self.phrases_by_literal[literal])
        return [self.phrases[k] for k in sorted(chosen)]


@lru_cache(maxsize=65536)
def _word_term(lexicon: CompiledLexicon, token: str) -> Term | None:
    m = lexicon.words.fullmatch(token)
    return lexicon.word_terms[m.lastgroup] if m and m.lastgroup else None


def compile_lexicon() -> CompiledLexicon:
    groups, word_terms, phrases, unless = [], {}, [], {}
    for k, term in enumerate(TERMS):
        pattern = expand(term.pattern)
        if term.unless:
            unless[term.name] = re.compile(term.unless)
        if " " not in pattern:
            groups.append(f"(?P<t{k}>{pattern})")
            word_terms[f"t{k}"] = term
        else:
            regex = re.compile(r" (?:" + pattern + r")(?= )")
            phrases.append((term, regex, required_literals(regex)))
    by_literal: dict[str, list[int]] = {}
    for k, (_term, _regex, literals) in enumerate(phrases):
        for literal in literals or ():
            by_literal.setdefault(literal, []).append(k)
    unfiltered = tuple(k for k, (_term, _regex, literals) in enumerate(phrases) if literals is None)
    return CompiledLexicon(re.compile("|".join(groups)), word_terms, phrases, LiteralScanner(by_literal), by_literal,
                           unfiltered, unless)
