"""Lexicon matching for every category, with the safe contexts applied to each hit."""

from __future__ import annotations

from sportello.moderation.screening import context
from sportello.moderation.screening.detectors.base import Finding, Message
from sportello.moderation.screening.lexicons import Term, compile_lexicon
from sportello.moderation.screening.types import Category, Evidence

_LEXICON = compile_lexicon()
# Quoting or reporting someone else's words clears what the sender would otherwise be saying.
_REPORTABLE = frozenset({Category.VULGAR, Category.THREAT, Category.HATE, Category.ILLEGAL})


def detect(msg: Message) -> list[Finding]:
    doc = msg.doc
    idioms = context.idiom_ranges(doc)
    giving = context.donor_intent(doc)
    matches: list[tuple[Term, int, int]] = []
    for k, tok in enumerate(doc.tokens):
        if tok.kind in ("word", "emoji") and (term := _LEXICON.word_term(tok.norm)):
            matches.append((term, k, k + 1))
    padded = f" {doc.joined} "
    for term, regex, _literals in _LEXICON.candidate_phrases(padded):
        for m in regex.finditer(padded):
            # padded[s] is the space before the match: joined offsets are shifted by one
            i, j = doc.token_range(m.start(), m.end() - 1)
            matches.append((term, i, j))
    hits: list[tuple[float, Finding, int, int]] = []
    for term, i, j in matches:
        tricks = sorted({t.how for t in doc.tokens[i:j] if t.how})
        evidence = Evidence(
            finder=f"lexicon:{term.category.value}/{term.name}",
            span=doc.span(i, j),
            text=doc.text(i, j),
            normalized=doc.norm(i, j),
            weight=term.weight,
            detail=f"unmasked ({', '.join(tricks)})" if tricks else "",
        )
        cleared = _why_safe(msg, term.category, term.proper, i, j, idioms)
        unless = _LEXICON.unless.get(term.name)
        if not cleared and unless is not None and unless.search(doc.joined):
            cleared = "the surrounding words give it an innocent sense"
        if not cleared and giving and term.category == Category.FUNDRAISING:
            cleared = "the sender wants to give through an official channel"
        hits.append((term.weight, Finding(term.category, evidence, term.boost, term.role, cleared), i, j))
    return _drop_overlaps(hits)


def _why_safe(
    msg: Message, category: Category, proper: bool, i: int, j: int,
    idioms: list[tuple[int, int, frozenset[Category]]],
) -> str:
    doc = msg.doc
    if any(category in cats and a < j and i < b for a, b, cats in idioms):
        return "idiom"
    if proper and j - i == 1 and (reason := context.proper_noun_reason(doc, i)):
        return reason
    if category in _REPORTABLE and (reason := context.reported(doc, i, j, msg.quotes)):
        return reason
    return ""


def _drop_overlaps(hits: list[tuple[float, Finding, int, int]]) -> list[Finding]:
    """A single word or a booster inside a short phrase of the same category ("coglione" in "sei un coglione",
    "a domicilio" in "consegna a domicilio") is the same evidence twice: keep the strongest. Two phrases ("le
    fotocopie del manuale", "il manuale lo vendo") are two cues, and so is a word inside a long sentence-wide
    pattern: both count."""
    kept: list[tuple[Finding, int, int]] = []
    for _, finding, i, j in sorted(hits, key=lambda h: (h[1].boost, -h[0])):
        clash = any(
            f.category == finding.category and bool(f.cleared) == bool(finding.cleared)
            and ((a <= i and j <= b) or (i <= a and b <= j)) and (min(b - a, j - i) == 1 or finding.boost)
            and abs((b - a) - (j - i)) <= 3
            for f, a, b in kept
        )
        if not clash:
            kept.append((finding, i, j))
    return [f for f, _, _ in kept]
