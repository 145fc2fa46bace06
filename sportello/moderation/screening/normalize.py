"""Unmasking normalisation: the citizen's text as a list of tokens in the form the lexicons are written in.

Citizens hide abuse from filters: "c***o", "c...o", "m3rda", "c0gl10n1", "s t r o n z i", "STRONZIIIII",
"m.e.r.d.a", Cyrillic look-alikes. Every token keeps the offsets of the characters it came from, so evidence can
point at what the citizen actually typed. A disguised form is only unmasked when the result is a word the abuse
lexicons know: "24h", "A4" or a codice fiscale are never rewritten, and a token that needed unmasking is marked,
because nobody disguises a place name.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from sportello.moderation.screening import lexicons
from sportello.moderation.screening.links import EMAIL_RE, URL_RE
from sportello.textkit.normalize import APOSTROPHES

# Latin look-alikes from Cyrillic and Greek that survive NFKD (which already folds fullwidth and maths letters).
HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "ԁ": "d", "ɡ": "g", "ӏ": "l", "ո": "n", "ս": "u",
    "α": "a", "ο": "o", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ζ": "z", "β": "b", "η": "n", "μ": "u", "ω": "w",
})
_HOMOGLYPH_CHARS = frozenset(chr(k) for k in HOMOGLYPHS)
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e") | {chr(c) for c in range(0xFE00, 0xFE10)}
_QUOTES = frozenset("\"«»“”„‟‹›")
_SPECIAL = {"€": " euro ", "…": "...", "·": ".", "•": "."}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "i", "€": "e"})
_LEET_ONE_AS_L = str.maketrans({"1": "l", "|": "l", "!": "i"})
_OBF = frozenset("*#@$!|._-")           # characters that can sit inside a disguised word
_SENTENCE_END = frozenset(".!?;")
_TRIPLE = re.compile(r"([a-z])\1\1")
_SEGMENT = re.compile(r"[a-z0-9*#@$!|._\-]+|\S")
_EMOJI_WORDS = {
    "💣": "emoji_bomba", "🧨": "emoji_bomba", "🔫": "emoji_pistola", "🔪": "emoji_coltello", "🗡": "emoji_coltello",
    "🖕": "emoji_dito_medio", "💩": "emoji_cacca", "🍃": "emoji_erba", "🌿": "emoji_erba", "🍁": "emoji_erba",
    "💊": "emoji_pillola", "🎰": "emoji_casino", "💰": "emoji_soldi", "💸": "emoji_soldi", "🤑": "emoji_soldi",
    "💵": "emoji_soldi", "💶": "emoji_soldi", "🚀": "emoji_razzo", "🔥": "emoji_fuoco", "👉": "emoji_freccia",
    "➡": "emoji_freccia", "🙏": "emoji_preghiera", "🎁": "emoji_regalo",
}


class Token(NamedTuple):
    # A named tuple, not a frozen dataclass: a message makes a dozen or more and a frozen dataclass's __init__
    # costs a microsecond or more each on the pipeline's hot path.
    norm: str
    start: int           # offsets in the original text
    end: int
    kind: str            # word, num, punct, url, email, emoji
    how: str = ""        # how a disguised word was unmasked: leet, mask, spaced, repeat, separators, homoglyph
    title: bool = False  # "Troia": first letter upper, the rest lower
    upper: bool = False  # "BASTARDI"
    sent: int = 0
    sent_start: bool = False

    @property
    def obfuscated(self) -> bool:
        return bool(self.how)


@dataclass
class NormText:
    """Tokens joined by single spaces (`joined`), so lexicon patterns are plain regexes over words."""

    original: str
    tokens: list[Token]
    joined: str = ""
    offsets: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        pos, offsets = 0, []
        for tok in self.tokens:
            offsets.append(pos)
            pos += len(tok.norm) + 1
        self.offsets = offsets
        self.joined = " ".join(t.norm for t in self.tokens)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Tokens [i, j) covered by the joined-string span [start, end)."""
        i = bisect_right(self.offsets, start) - 1
        j = bisect_right(self.offsets, max(start, end - 1))
        return max(i, 0), max(j, i + 1)

    def token_at(self, offset: int) -> int:
        """Index of the first token that ends after `offset` in the original text."""
        for k, tok in enumerate(self.tokens):
            if tok.end > offset:
                return k
        return max(len(self.tokens) - 1, 0)

    def norm(self, i: int, j: int) -> str:
        return " ".join(t.norm for t in self.tokens[i:j])

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i].start, self.tokens[j - 1].end

    def text(self, i: int, j: int) -> str:
        start, end = self.span(i, j)
        return self.original[start:end]


def normalize(text: str) -> NormText:
    folded, index, glyph = _fold(text)
    builder = _Builder(folded, index, glyph)
    protected = sorted(
        [(m.start(), m.end(), "email") for m in EMAIL_RE.finditer(folded)]
        + [(m.start(), m.end(), "url") for m in URL_RE.finditer(folded)],
    )
    pos = 0
    for start, end, kind in protected:
        if start < pos:
            continue  # a URL regex hit inside an e-mail address
        builder.chunks(pos, start)
        builder.add(f"_{kind}_", start, end, kind)
        pos = end
    builder.chunks(pos, len(folded))
    tokens = _merge_spaced_letters(builder.items, folded)
    return NormText(text, _finish(tokens, text, index, len(text)))


# --------------------------------------------------------------------------- folding


def _fold(text: str) -> tuple[str, list[int], list[bool]]:
    """Lower-case, accent-free, homoglyph-free text plus, for each folded char, its original index (and, when
    any char was a look-alike, which folded chars were)."""
    if text.isascii():  # nothing to decompose, drop or map: one char per char
        return text.lower(), list(range(len(text))), []
    folds = {ord(ch): _fold_char(ch) for ch in set(text) if not ch.isascii()}
    if all(len(piece) == 1 and not flags[0] for piece, flags in folds.values()):
        # Accents only (most Italian messages): still one char per char, so one translate does it.
        return text.translate({k: piece for k, (piece, _) in folds.items()}).lower(), list(range(len(text))), []
    out: list[str] = []
    index: list[int] = []
    glyph: list[bool] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower())
            index.append(i)
            glyph.append(False)
            continue
        piece, flags = folds[ord(ch)]
        out.append(piece)
        index += [i] * len(piece)
        glyph += flags
    return "".join(out), index, glyph


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> tuple[str, tuple[bool, ...]]:
    """What a non-ASCII char folds to ("" for an invisible one) and, for each char of that, whether it was a
    look-alike."""
    if ch in _INVISIBLE:
        return "", ()
    if ch in APOSTROPHES:
        ch = "'"
    elif ch in _QUOTES:
        ch = '"'
    piece = _SPECIAL.get(ch)
    if piece is not None:
        return piece, (False,) * len(piece)
    decomposed = unicodedata.normalize("NFKD", ch)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Maths, fullwidth and circled letters fold without dropping an accent: a disguise, not a spelling.
    compat = ch.isalpha() and decomposed != ch and bare == decomposed
    folded = bare.casefold()
    return folded.translate(HOMOGLYPHS), tuple(compat or c in _HOMOGLYPH_CHARS for c in folded)


# --------------------------------------------------------------------------- tokenising


@dataclass(slots=True)
class _Item:
    norm: str
    fstart: int
    fend: int
    kind: str
    how: str = ""


class _Builder:
    def __init__(self, folded: str, index: list[int], glyph: list[bool]) -> None:
        self.f, self.index = folded, index
        self.glyph = glyph if any(glyph) else []  # empty: no look-alike anywhere, nothing to test per segment
        self.items: list[_Item] = []

    def add(self, norm: str, fstart: int, fend: int, kind: str, how: str = "") -> None:
        if kind == "punct" and self.items and self.items[-1].kind == "punct" and self.items[-1].fend == fstart:
            # "!!!" and "?!" are one sentence end; keep the strongest mark.
            prev = self.items[-1]
            prev.fend = fend
            if norm in "?!" and prev.norm not in "?!":
                prev.norm = norm
            return
        self.items.append(_Item(norm, fstart, fend, kind, how))

    def chunks(self, start: int, end: int) -> None:
        for m in re.finditer(r"\S+", self.f[start:end]):
            self.chunk(start + m.start(), start + m.end())

    def chunk(self, start: int, end: int) -> None:
        """Split one whitespace-free chunk into segments of letters, digits and masking characters."""
        for m in _SEGMENT.finditer(self.f, start, end):
            ch = m.group()
            if len(ch) > 1 or ch.isalnum() or ch in _OBF:
                self.segment(m.start(), m.end())
            elif ch in ",;:?%":
                self.add(ch, m.start(), m.end(), "punct")
            elif ch in _EMOJI_WORDS:
                self.add(_EMOJI_WORDS[ch], m.start(), m.end(), "emoji")
            # apostrophes, quotes, brackets and other symbols only separate words

    def segment(self, start: int, end: int) -> None:
        seg = self.f[start:end]
        glyph = bool(self.glyph) and any(self.glyph[start:end])
        if seg.isalpha() and seg.isascii() and not glyph and not _TRIPLE.search(seg):
            self.add(seg, start, end, "word")  # an ordinary word: nothing to unmask
            return
        whole = _unmask(seg)
        if whole:
            self.add(whole[0], start, end, "word", whole[1])
            return
        core = seg.rstrip("".join(_OBF))
        tail_start = start + len(core)
        if core:
            self.word(core, start, tail_start, glyph)
        for m in re.finditer(r"[.!]+", seg[len(core):]):
            self.add(m.group()[-1], tail_start + m.start(), tail_start + m.end(), "punct")

    def word(self, core: str, start: int, end: int, glyph: bool) -> None:
        if re.fullmatch(r"[a-z0-9]+", core):
            if core.isdigit():
                self.add(core, start, end, "num")
                return
            found = _unmask(core) if (re.search(r"\d", core) or _TRIPLE.search(core)) else None
            if found:
                self.add(found[0], start, end, "word", found[1])
            else:
                self.add(core, start, end, "word", "homoglyph" if glyph and lexicons.is_target(core) else "")
            return
        found = _unmask(core)
        if found:
            self.add(found[0], start, end, "word", found[1])
            return
        # Not a disguised word: split on the masking characters ("casa.domani", "e-mail", "ore_10").
        for m in re.finditer(r"[a-z0-9]+|[.!]+", core):
            if m.group()[0] in ".!":
                self.add(m.group()[-1], start + m.start(), start + m.end(), "punct")
            else:
                self.word(m.group(), start + m.start(), start + m.end(), glyph)


def _repeat_variants(word: str) -> list[str]:
    """'STRONZIIIII' -> 'stronzii', 'stronzi'; Italian doubles letters, so both collapses are tried."""
    if not _TRIPLE.search(word):
        return [word]
    return [word, re.sub(r"([a-z])\1{2,}", r"\1\1", word), re.sub(r"([a-z])\1{2,}", r"\1", word)]


def _first_target(candidates: list[str]) -> str | None:
    for cand in candidates:
        for variant in _repeat_variants(cand):
            if lexicons.is_target(variant):
                return variant
    return None


def _unmask(seg: str) -> tuple[str, str] | None:
    """Return (word, how) when `seg` is a disguised form of a lexicon word, else None."""
    # "m.e.r.d.a", "stron-zo"
    if re.fullmatch(r"[a-z]+(?:[._\-]+[a-z]+)+", seg) and (hit := _first_target([re.sub(r"[._\-]", "", seg)])):
        return hit, "separators"
    if re.fullmatch(r"[a-z]+", seg) and (hit := _first_target([seg])) and hit != seg:
        return hit, "repeat"
    has_mask = bool(re.search(r"[*#]|(?<=[a-z0-9])\.+(?=[a-z0-9])|[a-z]{4,}\.{2,}$|[a-z]\*", seg))
    if re.search(r"[0-9@$!|]", seg) and re.search(r"[a-z]", seg) and not has_mask:
        bare = re.sub(r"[._\-]", "", seg)
        hit = _first_target([bare.translate(_LEET), bare.translate(_LEET_ONE_AS_L).translate(_LEET)])
        if hit:
            return hit, "leet"
    if has_mask:
        hit = _resolve_mask(seg)
        if hit:
            return hit, "mask"
    return None


_MASK_RUN = re.compile(r"[*#]+|\.{1,}|…")


def _resolve_mask(seg: str) -> str | None:
    """'c***o' -> 'cazzo', 'm***a' -> 'merda', 'd**' -> 'dio', 'vaffa...' -> 'vaffanculo'."""
    parts = _MASK_RUN.split(seg)
    runs = _MASK_RUN.findall(seg)
    visible = [p.translate(_LEET) for p in parts]
    if not any(visible) or not all(re.fullmatch(r"[a-z]*", v) for v in visible):
        return None
    prefix, suffix = visible[0], visible[-1]
    dotted = all(r[0] in ".…" for r in runs)
    if dotted:
        # An ellipsis between two ordinary words ("si...no") is punctuation, not a mask; a trailing one only masks
        # a stem long enough to be unambiguous ("vaffa...", "stronz...").
        if not prefix or (not suffix and len(prefix) < 4):
            return None
        if prefix in lexicons.FUNCTION_WORDS and (not suffix or suffix in lexicons.FUNCTION_WORDS):
            return None
    pattern = "".join(
        re.escape(v) + ("([a-z]{1,12})" if k < len(runs) else "") for k, v in enumerate(visible)
    )
    best: tuple[int, int, str] | None = None
    for rank, word in enumerate(lexicons.MASK_WORDS):
        m = re.fullmatch(pattern, word)
        if not m:
            continue
        hidden = sum(len(g) for g in m.groups())
        shown = sum(len(r) for r in runs)
        # Stars usually stand one for one; dots are free-form, so only the word's frequency rank decides.
        cost = 0 if dotted else abs(hidden - shown)
        if best is None or (cost, rank) < best[:2]:
            best = (cost, rank, word)
    return best[2] if best else None


def _merge_spaced_letters(items: list[_Item], folded: str) -> list[_Item]:
    """'s t r o n z i' and 'm e r d a' become one token when the letters spell a lexicon word."""
    singles = "".join("1" if it.fend - it.fstart == 1 and it.kind in ("word", "num") else "0" for it in items)
    if "111" not in singles:  # most messages: no three one-letter words in a row to spell anything
        return items
    out: list[_Item] = []
    i = 0
    while i < len(items):
        j = i
        while (
            j < len(items)
            and items[j].kind in ("word", "num")
            and len(folded[items[j].fstart:items[j].fend]) == 1
            and (j == i or re.fullmatch(r"[\s.\-_*]{1,3}", folded[items[j - 1].fend:items[j].fstart]))
        ):
            j += 1
        merged = _best_spelled(items, i, j, folded) if j - i >= 3 else None
        if merged:
            a, b, word = merged
            out.extend(items[i:a])
            out.append(_Item(word, items[a].fstart, items[b - 1].fend, "word", "spaced"))
            out.extend(items[b:j])
            i = j
        else:
            out.extend(items[i:max(j, i + 1)])
            i = max(j, i + 1)
    return out


def _best_spelled(items: list[_Item], i: int, j: int, folded: str) -> tuple[int, int, str] | None:
    letters = [folded[it.fstart:it.fend] for it in items[i:j]]
    for size in range(j - i, 2, -1):
        for a in range(j - i - size + 1):
            spelled = "".join(letters[a:a + size])
            hit = _first_target([spelled, spelled.translate(_LEET)])
            if hit:
                return i + a, i + a + size, hit
    return None


def _finish(items: list[_Item], text: str, index: list[int], length: int) -> list[Token]:
    tokens: list[Token] = []
    sent, new_sentence, prev_end = 0, True, 0
    for it in items:
        start = index[it.fstart] if it.fstart < len(index) else length
        end = index[it.fend - 1] + 1 if it.fend - 1 < len(index) else length
        if "\n" in text[prev_end:start] and tokens and not new_sentence:
            sent, new_sentence = sent + 1, True
        raw = text[start:end]
        title = upper = False
        if any(map(str.isupper, raw)):  # most tokens have no capital: skip the letter-by-letter look
            letters = [c for c in raw if c.isalpha()]
            title = bool(letters) and letters[0].isupper() and not any(c.isupper() for c in letters[1:])
            upper = len(letters) >= 2 and all(c.isupper() for c in letters)
        is_word = it.kind in ("word", "num")
        tokens.append(Token(it.norm, start, end, it.kind, it.how, title, upper, sent, is_word and new_sentence))
        if is_word:
            new_sentence = False
        if it.kind == "punct" and it.norm in _SENTENCE_END:
            sent, new_sentence = sent + 1, True
        prev_end = end
    return tokens


__all__ = ["NormText", "Token", "normalize"]
