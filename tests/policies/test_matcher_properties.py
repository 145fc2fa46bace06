"""Property-based tests of the command matcher: every way citizens type a command matches it; a sentence
that merely contains the words does not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sportello.policies.matching import CommandSpec, match_command, tag_key

COMMANDS = {
    "rimini_on": ["ISCRIZIONE ON"],
    "rimini_off": ["ISCRIZIONE OFF"],
    "attiva": ["ATTIVA"],
    "disattiva": ["DISATTIVA"],
    "cancellami": ["Cancellami"],
    "iscrivimi": ["ISCRIVIMI", "ISCRIZIONE"],
    "stop": ["STOP"],
    "mine": ["LE MIE ISCRIZIONI"],
    "thumbs": ["👍"],
    "pubblicita": ["PUBBLICITÀ"],  # an accented command word
}
TAGGED = {"rimini_on", "rimini_off"}
SPECS = [CommandSpec.build(key, phrases, accepts_tags=key in TAGGED) for key, phrases in COMMANDS.items()]
TAGS = {tag_key("#EMERGENZE"): "emergenze", tag_key("#PUBBLICAUTILITA’"): "pubblica-utilita"}
TAG_WORDS = {"emergenze": "EMERGENZE", "pubblicautilita": "PUBBLICAUTILITÀ"}

APOSTROPHES = ["'", "’", "‘", "`", "´", "ʼ"]
ACCENTED = {"a": "àá", "e": "èé", "i": "ìí", "o": "òó", "u": "ùú", "A": "ÀÁ", "E": "ÈÉ", "I": "ÌÍ", "O": "ÒÓ", "U": "ÙÚ"}
SKIN_TONES = ["", "\U0001F3FB", "\U0001F3FC", "\U0001F3FD", "\U0001F3FE", "\U0001F3FF"]
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0 "])
PUNCTUATION = st.text(alphabet=".!?…,;:", max_size=3)
FILLER = [
    "come", "posso", "per", "favore", "la", "tessera", "sanitaria", "domani", "grazie", "buongiorno", "vorrei",
    "sapere", "il", "servizio", "ufficio", "quando", "non", "funziona", "mio", "figlio", "ieri", "sera", "ciao",
]


@st.composite
def word_variant(draw, word: str) -> str:
    out = []
    for index, ch in enumerate(word):
        if ch in "Àà":
            ch = draw(st.sampled_from(["À", "à", "A'", "a’", "A`", "a´", "À"]))  # also decomposed
        elif ch.isalpha():
            ch = draw(st.sampled_from([ch.lower(), ch.upper()]))
            base = ch.lower()
            last = index == len(word) - 1
            if base in "aeiou" and last:
                # Final vowel: plain, accented, or the keyboard-less "A'" with any apostrophe.
                style = draw(st.sampled_from(["plain", "accent", "apostrophe"]))
                if style == "accent":
                    ch = draw(st.sampled_from(ACCENTED[ch]))
                elif style == "apostrophe":
                    ch = ch + draw(st.sampled_from(APOSTROPHES))
        elif ch == "👍":
            ch = "👍" + draw(st.sampled_from(SKIN_TONES)) + draw(st.sampled_from(["", "\ufe0f"]))
        out.append(ch)
    return "".join(out)


@st.composite
def phrase_variant(draw, phrase: str) -> str:
    words = [draw(word_variant(w)) for w in phrase.split()]
    text = draw(SPACES).join(words)
    if phrase == "👍" and draw(st.booleans()):
        text = text + draw(st.sampled_from(["", " "])) + draw(word_variant("👍"))
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(PUNCTUATION) + draw(st.sampled_from(["", " ", "\n"]))


@st.composite
def tag_variant(draw, key: str) -> str:
    word = TAG_WORDS[key]
    if key == "pubblicautilita" and draw(st.booleans()):
        word = "PUBBLICA UTILITÀ"
    return "#" + draw(st.sampled_from(["", " "])) + " ".join(draw(word_variant(w)) for w in word.split())


@st.composite
def command_message(draw):
    key = draw(st.sampled_from(sorted(COMMANDS)))
    text = draw(phrase_variant(draw(st.sampled_from(COMMANDS[key]))))
    tags: list[str] = []
    if key in TAGGED and draw(st.booleans()):
        tags = draw(st.lists(st.sampled_from(sorted(TAG_WORDS)), min_size=1, max_size=2, unique=True))
        text = text.rstrip(".!?…,;: \n") + " " + draw(st.sampled_from([" ", ", ", " e "])).join(
            draw(tag_variant(t)) for t in tags
        ) + draw(PUNCTUATION)
    return key, tuple(tags), text


@settings(max_examples=400, deadline=None)
@given(command_message())
def test_every_variant_of_every_command_matches(case):
    key, tags, text = case
    match = match_command(text, SPECS, TAGS)
    assert match is not None, text
    assert match.key == key, text
    assert match.tags == tags, text
    assert match.unknown_tags == ()


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(COMMANDS)),
    st.lists(st.sampled_from(FILLER), max_size=4),
    st.lists(st.sampled_from(FILLER), max_size=4),
    st.data(),
)
def test_sentences_containing_the_words_are_not_commands(key, before, after, data):
    if not before and not after:
        after = ["grazie"]
    phrase = data.draw(phrase_variant(data.draw(st.sampled_from(COMMANDS[key]))))
    text = " ".join([*before, phrase.strip(), *after]) + data.draw(st.sampled_from(["", "?", "."]))
    assert match_command(text, SPECS, TAGS) is None, text


@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text):
    match = match_command(text, SPECS, TAGS)
    assert match is None or match.key in COMMANDS


def test_unknown_tags_are_reported():
    match = match_command("ISCRIZIONE ON #SPORT", SPECS, TAGS)
    assert match is not None and match.key == "rimini_on" and match.unknown_tags == ("sport",)
    assert match_command("ATTIVA #EMERGENZE", SPECS, TAGS) is None  # this command takes no tags


def test_the_seed_examples():
    assert match_command("come attivo la tessera sanitaria?", SPECS, TAGS) is None
    assert match_command("ISCRIZIONE ON #PUBBLICAUTILITA’", SPECS, TAGS).tags == ("pubblicautilita",)
    assert match_command("ISCRIZIONE ON #EMERGENZE", SPECS, TAGS).tags == ("emergenze",)
    assert match_command("👍🏿", SPECS, TAGS).key == "thumbs"
    assert match_command("Iscrizione on line al nido", SPECS, TAGS) is None
    assert match_command("ISCRIZIONE ON EMERGENZE", SPECS, TAGS).tags == ("emergenze",)
