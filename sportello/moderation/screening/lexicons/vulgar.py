"""Swearing, insults and blasphemy, Italian (with dialect) and English."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import Term, V, adder
from sportello.moderation.screening.lexicons.words import VULGAR_WORDS

TERMS: list[Term] = []
_add = adder(TERMS)

for _name, _pat, _w, _proper in VULGAR_WORDS:
    _add(V, _name, _pat, _w, proper=_proper)

_add(V, "blasphemy", r"porc[oa] ?(?:dd?io|d|madonna|cristo|gesu|signore|ostia)|dio ?(?:can[e]?|porco|maiale"
     r"|bestia|boia|merda|ladro|infame|serpente|lupo|bastardo|assassino|stronzo|schifoso|cristo)|diocan\w*"
     r"|porcodd?io|porcamadonna|dioporco|diobestia|madonna (?:puttana|troia|maiala|porca|cagna|zoccola|ladra"
     r"|impestata|lurida)|mannaggia (?:a |al |alla )?(?:dio|cristo|madonna|gesu|ostia)|cristo (?:di dio"
     r"|santo dio)", 0.95)
_add(V, "minced_oath", r"porco zio|zio cane|porco can|porca (?:puttana|troia|vacca troia)|maremma (?:maiala|cane"
     r"|impestata)", 0.6)
_add(V, "rompere_le_palle", r"(?:rott[oaie]|rompe(?:te|re)?|rompi|rompono) (?:le|i|il) (?:palle|coglioni|cazzo"
     r"|balle|maroni)", 0.6)
_add(V, "che_palle", r"che palle|che due palle", 0.45)
_add(V, "directed_insult", r"<DIRECT>(?: (?:ladr[oi]|incapac[ei]|incompetent[ei]|politic[oi]|burocrat[ie]"
     r"|impiegat[oi]|dipendent[ei]|servi|vigili|amministrator[ei]))? <INSULT>", 0.6)
_add(V, "you_animals", r"(?:siete|sei|branco di|razza di|manica di) (?:dei |degli |delle |solo |proprio |un "
     r"|una )?(?:animali|bestie|maiali|porci|vermi|verme|maiale|porco|bestia|animale|ratti|stupid[oaie]|useless)",
     0.6)
_add(V, "faccia_di", r"(?:faccia|testa|pezzo|figli[oa]) di (?:merda|culo|cazzo|puttana|troia|mignotta"
     r"|buona donna)", 0.9)
_add(V, "your_mother", r"(?:fess[ae]?|pucchiacc\w*|cazz\w*|cul[oi]?|sfaccimm\w*) (?:e|di|d|da) (?:mammeta"
     r"|mammata|mammt|soreta|sorata|tua madre|tua sorella|vostra madre|sua madre)|(?:tua|vostra) madre (?:e una"
     r"|e na|troia|puttana|zoccola)", 0.85)
_add(V, "middle_finger", r"emoji_dito_medio", 0.75)
_add(V, "fate_schifo", r"(?:fate|fai|fa|fanno) (?:proprio |veramente )?(?:schifo|cagare|ribrezzo)", 0.4)
_add(V, "en_insult", r"(?:screw|fuck|f) (?:you|off|u)|piss off|you suck|suck my", 0.7)
