"""The phrase prefilter never skips a regex that would have matched: literals are derived from the regex's own
parse, and checked here against every lexicon phrase on every training message and own example."""

from __future__ import annotations

import re

import pytest

from sportello.learning.corpus import load_corpus
from sportello.moderation.screening.lexicons import compile_lexicon
from sportello.moderation.screening.normalize import normalize
from sportello.textkit.prefilter import LiteralScanner, may_match, required_literals


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"vendo (?:erba|fumo) buona", {"vendo "}),
    (r"(?:pagare|pago) in nero", {" in nero"}),
    (r"(?:ti|vi) (?:ammazzo|sgozzo|brucio)", {"ammazzo", "sgozzo", "brucio"}),
    (r"(?:ti|vi) (?:ammazzo|[a-z]+o)", None),  # one way through needs no literal
    (r"(?:ciao )?mondo", {"mondo"}),
    (r"(?:pago|pagare)+ in", {"pag"}),  # the parser factors the common prefix out
    (r"(?:ciao)* mondo", {" mondo"}),
    (r"(?i)segreto", None),  # case-insensitive: unfiltered
    (r"abc(?i:segreto)", {"abc"}),
    (r"ab", None),  # too short to filter anything
])
def test_literals_every_match_contains(pattern, literals):
    assert required_literals(pattern) == (frozenset(literals) if literals is not None else None)


def test_no_phrase_match_is_skipped():
    lexicon = compile_lexicon()
    texts = [example.text for example in load_corpus()]
    assert len(texts) > 1000
    skipped = matched = 0
    for text in texts:
        padded = f" {normalize(text).joined} "
        present = lexicon.phrase_literals.present(padded)
        assert present == {lit for lit in lexicon.phrase_literals.literals if lit in padded}
        candidates = {regex.pattern for _term, regex, _literals in lexicon.candidate_phrases(padded)}
        for _term, regex, literals in lexicon.phrases:
            found = regex.search(padded) is not None
            matched += found
            if not may_match(literals, present):
                skipped += 1
                assert not found, (regex.pattern, text)
            assert regex.pattern in candidates or not found, (regex.pattern, text)
    assert matched > 300  # the corpus exercises the phrases
    assert skipped > 0.8 * len(texts) * len(lexicon.phrases)  # and the filter skips most of the work


def test_a_filtered_pattern_is_still_run_when_a_literal_is_there():
    literals = required_literals(re.compile(r" (?:ti|vi) (?:ammazzo|sgozzo)(?= )"))
    scanner = LiteralScanner(literals)
    assert may_match(literals, scanner.present(" se parli ti ammazzo "))
    assert not may_match(literals, scanner.present(" buongiorno vorrei un certificato "))


def test_the_scanner_finds_overlapping_and_nested_literals():
    scanner = LiteralScanner(["porc", "porcamadonna", "amado", "madonna", "x.y"])
    assert scanner.present(" porcamadonna ") == {"porc", "porcamadonna", "amado", "madonna"}
    assert scanner.present(" x.y xzy ") == {"x.y"}  # literals, not patterns
    assert LiteralScanner([]).present("anything") == set()
