"""Words that are abusive on their own, and the words worth unmasking when a citizen disguises them."""

from __future__ import annotations

import re

# (name, word pattern, weight, proper): the words that are abusive on their own. `proper` marks the ones that are
# also Italian places or surnames; they are cleared in a place or name context unless the citizen disguised them.
VULGAR_WORDS: list[tuple[str, str, float, bool]] = [
    ("cazzo", r"cazz(?:o|i|u|a|e|ata|ate|ett[oi]|one|oni|ar[oa]|eggi\w*|ut[oa]|uti)?", 0.9, False),
    ("incazzato", r"(?:in|s)cazz\w+|sticazz[io]|checcazz[oi]|checazz[oi]", 0.75, False),
    ("minchia", r"minchi(?:a|e|ata|ate|one|oni)", 0.9, False),
    ("merda", r"merd(?:a|e|os[oaie]|ata|ate|aio|acci[ao]|ina)", 0.9, False),
    ("stronzo", r"stronz(?:o|a|i|e|ata|ate|etto|etta|one|oni|ona|acci[oa]|ett[ie])|strunz[oi]?", 0.9, False),
    ("coglione", r"cogli?on(?:e|i|a|ata|ate|aggine|azz[oi]|acci[oa]|cell[oi])|cojon(?:e|i|ata)|rincoglionit[oaie]",
     0.9, False),
    ("rompicoglioni", r"rompi(?:coglioni|palle|cazzo|balle)", 0.8, False),
    ("vaffanculo", r"(?:va|a)?f+ancul[oi]|vaffa|vaffanculo|(?:va)?fangul\w*|chitemmuort\w*", 0.9, False),
    ("culo", r"cul(?:o|i|attone|attoni)|leccacul[oi]|paracul[oi]", 0.8, False),
    ("troia", r"troi(?:a|e|ona|oni|etta|acci[ae])", 0.85, True),
    ("puttana", r"puttan(?:a|e|ata|ate|iere|aio|one|ell[ae]|acci[ae])|buttan(?:a|e)|mignott(?:a|e)|bagasc(?:ia|e)",
     0.9, False),
    ("zoccola", r"zoccol(?:a|e)", 0.7, False),
    ("bastardo", r"bastard(?:o|a|i|e|one|oni|acci[oa])|bastards?", 0.8, True),
    ("fottere", r"fott(?:ere|uto|uta|uti|ute|iti|etevi|ersene|esega|o|e|i)", 0.85, False),
    ("sfigato", r"sfigat[oaie]", 0.6, False),
    ("cagare", r"cag(?:are|ata|ate|ato|ati|a|o|ano|avo|hi|herai|one|oni|arsi)|cac(?:are|ata|ate)|cagacazz\w*", 0.75,
     False),
    ("pisciare", r"pisci(?:are|ato|ata|ano|atoio)", 0.4, False),
    ("pompino", r"pompin[oi]|bocchin(?:ara|are)|bucchin[oi]|segaiol[oi]", 0.85, False),
    ("fregna", r"fregn(?:a|e|ona)|sorca|pucchiacc[ae]|sfaccimm[ae]", 0.75, False),
    ("figa", r"fig(?:a|he)", 0.45, False),
    ("mortacci", r"mortacci\w*", 0.85, False),
    ("cornuto", r"cornut[oaie]", 0.65, False),
    ("sucalo", r"sucal[oa]|sucatel[oa]|succhiamel[oa]|sucamel[oa]", 0.9, False),
    ("pirla", r"pirla|pirloni|bischer[oi]|ciula", 0.5, False),
    ("mona", r"mona", 0.45, True),
    ("idiota", r"idiot[aie]|idiots?", 0.55, False),
    ("cretino", r"cretin[oaie]", 0.6, False),
    ("imbecille", r"imbecill[ei]", 0.65, False),
    ("deficiente", r"deficient[ei]|dement[ei]", 0.35, False),
    ("cialtrone", r"cialtron[ei]|pezzent[ei]|cazzon[ei]|coglioncell[oi]|stronzett[oi]", 0.5, False),
    ("fannullone", r"fannullon[ei]|mangiapane", 0.45, False),
    ("schifoso", r"schifos[oaie]|lurid[oi]|vermi schifosi", 0.45, False),
    ("buffone", r"buffon[ei]|pagliacc[io]|somar[oi]|cafon[ei]", 0.35, False),
    # English
    ("fuck", r"f+u+c+k\w*|fck\w*|fuk\w*|motherf\w*|wtf|stfu", 0.9, False),
    ("shit", r"shit\w*|bullshit", 0.8, False),
    ("asshole", r"assholes?|arseholes?|dickheads?|cunts?|twats?|wank\w*", 0.9, False),
    ("bitch", r"bitch\w*|whores?|sluts?", 0.85, False),
    ("moron", r"morons?", 0.65, False),
    ("crap", r"crap|crappy|damn|damned|goddamn\w*|piss|pissed", 0.45, False),
]

HATE_WORDS: list[tuple[str, str, float, bool]] = [
    ("frocio", (r"froc[io]|frociaggin[ei]|frocett[oi]|frocion[ei]|ricchion[ei]|recchion[ei]|culattone|culattoni"
                r"|arrus[ui]|garrus[ui]"), 0.9, False),
    ("lesbicona", r"lesbicon[ae]|travon[ei]|transon[ei]", 0.8, False),
    ("checca", r"checc(?:a|he)", 0.55, True),
    ("negro", r"negr(?:o|i|a|e|etto|etti|acci|accio|oni)", 0.8, True),
    ("zingaro", r"zingar(?:o|a|i|e|accio|acci)", 0.4, True),
    ("vucumpra", r"vu cumpra|vucumpra", 0.8, False),
    ("terrone", r"terron(?:e|i|a)|polenton(?:e|i)", 0.75, False),
    ("giudeo", r"giude[oi]|giudea|giudee", 0.65, True),
    ("mongoloide", r"mongoloid[ei]|spastic[oi]|cerebrolesi", 0.75, False),
    ("slur_en", (r"faggots?|fags?|dykes?|trann(?:y|ies)|niggers?|niggas?|kikes?|spics?|chinks?|retards?|retarded"
                 r"|towelheads?|wetbacks?|pakis?"), 0.9, False),
]

# Words citizens disguise, in the order a mask is resolved when several fit ("c...o" is far more often cazzo).
MASK_WORDS: tuple[str, ...] = (
    "cazzo", "merda", "culo", "vaffanculo", "stronzo", "stronzi", "stronza", "coglione", "coglioni", "minchia",
    "dio", "porco", "porca", "madonna", "troia", "puttana", "cazzi", "cazzata", "cazzate", "fanculo", "bastardo",
    "bastardi", "cagare", "fottuto", "fottere", "mignotta", "zoccola", "cristo", "fuck", "fucking", "shit",
    "bitch", "asshole", "froci", "frocio", "negro", "negri", "coglionata", "stronzata", "merdoso", "incazzato",
)

# Disguising one of these is the proof of intent; other words are never "unmasked".
_EXTRA_TARGETS = (
    r"dio|porc[oa]|madonna|cristo|gesu|porcodd?io|diocan\w*|dioporco|porcamadonna|ammazz(?:o|ero|iamo)"
    r"|uccid(?:o|ero|iamo)|spacc(?:o|hero)|ladr[oi]"
)

FUNCTION_WORDS = frozenset(
    "a e i o u ma si no ok poi che chi di da in con su per tra fra il lo la le gli un una uno non se mi ti ci vi "
    "ne anche allora quindi boh mah beh eh ah oh mh va be bo sto sta qui qua la li ora ecco cosa come dove quando "
    "perche ciao grazie forse tipo".split()
)


def _pattern_words(rows: list[tuple[str, str, float, bool]]) -> list[str]:
    return [r for _, r, _, _ in rows]


_TARGET_RE = re.compile(
    "(?:" + "|".join(_pattern_words(VULGAR_WORDS) + _pattern_words(HATE_WORDS) + [_EXTRA_TARGETS]) + ")"
)


def is_target(word: str) -> bool:
    """True when `word` is a form worth unmasking (an abusive word or a blasphemy component)."""
    return bool(_TARGET_RE.fullmatch(word))
