"""What the code of conduct forbids, written as weighted patterns over normalised text.

Patterns are regular expressions over the tokens of `normalize.NormText.joined`: lower case, no accents, elisions
split ("dell'ufficio" -> "dell ufficio", "c'è" -> "c e"), disguised words already unmasked. Every pattern is matched
on whole tokens. `<NAME>` inside a pattern expands to the word class NAME below, so a class is written once.

Weights are the probability-like strength of one piece of evidence; a category's score combines its evidence as
1 - Π(1 - w) and is flagged from 0.5. So a slur or a first-person threat flags alone (≥ 0.5), while a weak cue
(a business noun, "lo sanno tutti") never does and is marked `boost`: it only counts when the category already has
evidence of its own. Word forms are written out (cazz(o|i|ata…)) rather than left open (cazz\\w*), which is what
keeps the trowel (cazzuola) and the surname Cazzaniga out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sportello.moderation.screening.types import Category

V, T, D, H = Category.VULGAR, Category.THREAT, Category.DEFAMATION, Category.HATE
S, P, C, F, I = Category.SPAM_LINK, Category.PROMOTION, Category.COPYRIGHT, Category.FUNDRAISING, Category.ILLEGAL


@dataclass(frozen=True)
class Term:
    category: Category
    name: str
    pattern: str
    weight: float
    boost: bool = False   # only counts when the category has other, non-boost evidence
    proper: bool = False  # the word is also a place or a surname (Troia, Bastardo): context.py may clear it
    unless: str = ""      # message-level pattern that defuses the term (fennel on a school menu)
    role: str = ""        # what a detector uses the hit for ("accusation" for defamation)


# --------------------------------------------------------------------------- word classes

MACROS: dict[str, str] = {
    # within one sentence: up to N tokens that are not sentence ends
    "GAP3": r"(?: [^ .!?;]+){0,3}?",
    "GAP6": r"(?: [^ .!?;]+){0,6}?",
    "GAP12": r"(?: [^ .!?;]+){0,12}?",
    "GAP20": r"(?: [^ .!?;]+){0,20}?",
    "ART": r"(?:il|lo|la|l|i|gli|le|un|una|uno|dei|degli|delle|del|della|dello)",
    "PRON_P": r"(?:ti|vi|gli|te|ve)",
    "PRON_A": r"(?:ti|vi|gli|te|ve|lo|la|li|le)",
    "ROLE": r"(?:sindac[oa]|vicesindac[oa]|assessor[ei]|assessora|consiglier[ei]|consigliera|comandante|vigil[ei]"
            r"|vigilessa|agente|geometra|geom|ingegnere|architetto|dirigente|funzionari[oa]|impiegat[oa]"
            r"|segretari[oa]|responsabile|direttore|direttrice|preside|maestr[oa]|dottor[ei]?|dottoressa|dott"
            r"|presidente|tecnico|ragioniere|capoufficio|messo|ispettore|ispettrice|maresciallo|parroco|medico"
            r"|commissari[oa]|prefetto|questore|assistente sociale|operatore|operatrice|bidell[oa]|autista"
            r"|postino|usciere|mayor|councillor|officer)",
    "BUILDING": r"(?:comune|municipio|ufficio|uffici|sede|palazzo comunale|palazzo|scuola|biblioteca|comando"
                r"|caserma|anagrafe|sportello|macchina|auto|macchine|casa sua|casa tua|casa vostra|negozio"
                r"|questura|prefettura)",
    "KILL1": r"(?:ammazz|uccid|accoltell|scann|sgozz|massacr|strangol|fucil|impicc|squart|picchi|sgozz)"
             r"(?:o|ero|eremo|iamo)",
    "HARM1": r"(?:spacc(?:o|hero|heremo|hiamo)|bruc(?:io|ero|eremo|iamo)|pest(?:o|ero|iamo)|men(?:o|ero|iamo)"
             r"|spar(?:o|ero|eremo|iamo)|strozz(?:o|ero|iamo)|sfregi(?:o|ero)|gonfi(?:o|ero|amo)|sfond(?:o|ero|iamo)"
             r"|distrugg(?:o|ero|iamo)|sfasci(?:o|ero|amo)|incendi(?:o|ero|amo)|fracass(?:o|ero)|riempio di botte"
             r"|rompo le ossa|taglio la gola)",
    "GROUP": r"(?:stranier[io]|immigrat[io]|extracomunitar[io]|clandestin[io]|profughi|migranti|african[io]"
             r"|marocchin[io]|tunisin[io]|albanes[ie]|rumen[io]|romen[io]|cines[ie]|musulman[io]|musulmane"
             r"|islamic[io]|arab[io]|ebre[io]|rom|nomadi|zingar[io]|sinti|gay|omosessuali|lesbiche|trans"
             r"|transessuali|disabil[ie]|handicappat[io]|meridionali|terroni|nigerian[io]|senegalesi|pakistani"
             r"|bengalesi|bangladesi|indian[io]|filippin[io]|ucrain[io]|slav[io]|egizian[io]|somal[io]|eritre[io]"
             r"|asiatic[io]|neri|immigrants|foreigners|muslims|jews|gays|blacks|gypsies|refugees|migrants)",
    # someone being called something: "siete dei cretini", "quello scemo", "voi idioti"; "ci sono" is not one
    "DIRECT": r"(?:(?:sei|siete|(?<!ci )sono|e|you are|you re)(?: (?:proprio|solo|soltanto|veramente|davvero|tutti))?"
              r" (?:un|una|uno|dei|degli|delle|dei veri|delle vere|a|an|such|a bunch of)|sei|siete|branco di"
              r"|manica di|massa di|banda di|razza di|pezzo di|quell[oaie]?|quegli|sti|sto|sta|ste|questi|queste"
              r"|voi|brutt[oaie]|grandissim[oaie]|gran|you)",
    "INSULT": r"(?:idiot[aie]|cretin[oaie]|imbecill[ei]|deficient[ei]|dement[ei]|scem[oaie]|buffon[ei]"
              r"|pagliacc[io]|cialtron[ei]|fannullon[ei]|parassit[ai]|somar[oi]|ignorant[ei]|pezzent[ei]"
              r"|zotic[oaie]|cafon[ei]|buzzurr[oi]|schifos[oaie]|idiots?|morons?|clowns?|losers?)",
    "BUSINESS": r"(?:impresa|ditta|studio|agenzia|negozio|pizzeria|ristorante|trattoria|osteria|officina|palestra"
                r"|centro estetico|parrucchier[ea]|idraulico|elettricista|disinfestazion[ei]|ristrutturazion[ei]"
                r"|traslochi|pulizie|autoscuola|b b|bed and breakfast|agriturismo|macelleria|panificio|gelateria"
                r"|studio dentistico|dentista|estetista|negozio online|shop|boutique|bar|pub|hotel|albergo)",
    "DRUG": r"(?:hashish|hascisc|hash|marijuana|cannabis|cocaina|eroina|mdma|ecstasy|ketamina|anfetamin[ae]"
            r"|metanfetamin[ae]|spinell[io]|lsd|crack|erba|fumo|roba|bamba|coca|maria|pasticch[ea]|canne|weed"
            r"|cocaine|coke|drugs|pills)",
    "SELL": r"(?:vendo|vendiamo|svendo|spaccio|spacciamo|procuro|procuriamo|consegn\w* a domicilio|porto a domicilio"
            r"|chi (?:mi )?(?:vende|procura|fa avere|passa)|dove (?:posso )?(?:comprare|trovare|prendere|rimediare)"
            r"|cerco|compro|scrivetemi in privato|scrivimi in privato|al grammo|sell|selling|buy)",
    "DOC": r"(?:carta d identita|carta di identita|cie|document[oi]|patent[ei]|passaport[oi]|permess[oi] di soggiorno"
           r"|certificat[oi]|contrassegn[oi]|green pass|tesser[ae]|librett[oi]|diplom[ai]|laure[ae]|ricett[ae]"
           r"|timbr[oi]|badge|tagliand[oi]|marc[ah]e? da bollo|ids?|passports?|licen[cs]es?)",
    "FAKE": r"(?:fals[oaie]|fotocopiat[oaie]|contraffatt[oaie]|taroccat[oaie]|clonat[oaie]|fint[oaie]|fasull[oaie]"
            r"|farlocc[oaie]|fake|forged)",
    "CONTENT": r"(?:film|serie|serie tv|partit[ae]|match|matches|movie|movies|libr[io] di testo|libr[io]|manual[ei]"
               r"|album|canzoni|musica|mp3|ebook|fumetti|puntat[ae]|episodi|stagion[ei]|dispens[ae]|canali)",
}

# --------------------------------------------------------------------------- single words

# (name, word pattern, weight, proper): the words that are abusive on their own. `proper` marks the ones that are
# also Italian places or surnames; they are cleared in a place or name context unless the citizen disguised them.
VULGAR_WORDS: list[tuple[str, str, float, bool]] = [
    ("cazzo", r"cazz(?:o|i|a|e|ata|ate|ett[oi]|one|oni|ar[oa]|eggi\w*|ut[oa]|uti)?", 0.9, False),
    ("incazzato", r"(?:in|s)cazz(?:at[oaie]|o|arsi|andomi)|sticazz[io]|checcazz[oi]|checazz[oi]", 0.75, False),
    ("minchia", r"minchi(?:a|e|ata|ate|one|oni)", 0.9, False),
    ("merda", r"merd(?:a|e|os[oaie]|ata|ate|aio|acci[ao])", 0.9, False),
    ("stronzo", r"stronz(?:o|a|i|e|ata|ate|etto|etta|one|oni)|strunz[oi]?", 0.9, False),
    ("coglione", r"cogli?on(?:e|i|a|ata|ate|aggine)|cojon(?:e|i|ata)|rincoglionit[oaie]|coglioncell[oi]", 0.9, False),
    ("rompicoglioni", r"rompi(?:coglioni|palle|cazzo|balle)", 0.8, False),
    ("vaffanculo", r"(?:va|a)?f+ancul[oi]|vaffa|vaffanculo", 0.9, False),
    ("culo", r"cul(?:o|i|attone|attoni)|leccacul[oi]|paracul[oi]", 0.8, False),
    ("troia", r"troi(?:a|e|ona|oni|etta)", 0.85, True),
    ("puttana", r"puttan(?:a|e|ata|ate|iere|aio|one)|buttan(?:a|e)|mignott(?:a|e)|bagasc(?:ia|e)", 0.9, False),
    ("zoccola", r"zoccol(?:a|e)", 0.7, False),
    ("bastardo", r"bastard(?:o|a|i|e)|bastards?", 0.8, True),
    ("fottere", r"fott(?:ere|uto|uta|uti|ute|iti|etevi|ersene|esega|o|e|i)", 0.85, False),
    ("sfigato", r"sfigat[oaie]", 0.6, False),
    ("cagare", r"cag(?:are|ata|ate|ato|ati|a|ano|hi|herai|one|oni|arsi)|cac(?:are|ata|ate)", 0.75, False),
    ("pisciare", r"pisci(?:are|ato|ata|ano|atoio)", 0.55, False),
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
    ("cialtrone", r"cialtron[ei]|pezzent[ei]", 0.45, False),
    ("fannullone", r"fannullon[ei]|mangiapane", 0.4, False),
    ("schifoso", r"schifos[oaie]", 0.4, False),
    ("buffone", r"buffon[ei]|pagliacc[io]", 0.3, False),
    # English
    ("fuck", r"f+u+c+k\w*|fck\w*|fuk\w*|motherf\w*|wtf|stfu", 0.9, False),
    ("shit", r"shit\w*|bullshit", 0.8, False),
    ("asshole", r"assholes?|arseholes?|dickheads?|cunts?|twats?|wank\w*", 0.9, False),
    ("bitch", r"bitch\w*|whores?|sluts?", 0.85, False),
    ("moron", r"morons?", 0.65, False),
    ("crap", r"crap|crappy|damn|damned|goddamn\w*|piss|pissed", 0.45, False),
]

HATE_WORDS: list[tuple[str, str, float, bool]] = [
    ("frocio", r"froc[io]|frociaggin[ei]|frocett[oi]|frocion[ei]|ricchion[ei]|recchion[ei]|culattone|culattoni",
     0.9, False),
    ("lesbicona", r"lesbicon[ae]|travon[ei]|transon[ei]", 0.8, False),
    ("checca", r"checc(?:a|he)", 0.55, True),
    ("negro", r"negr(?:o|i|a|e|etto|etti|acci|accio|oni)", 0.8, True),
    ("zingaro", r"zingar(?:o|a|i|e|accio|acci)", 0.55, True),
    ("vucumpra", r"vu cumpra|vucumpra", 0.8, False),
    ("terrone", r"terron(?:e|i|a)|polenton(?:e|i)", 0.75, False),
    ("giudeo", r"giude[oi]|giudea|giudee", 0.65, True),
    ("mongoloide", r"mongoloid[ei]|spastic[oi]|cerebrolesi", 0.75, False),
    ("slur_en", r"faggots?|fags?|dykes?|trann(?:y|ies)|niggers?|niggas?|kikes?|spics?|chinks?|retards?|retarded"
     r"|towelheads?|wetbacks?|pakis?", 0.9, False),
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


# --------------------------------------------------------------------------- terms

_FOOD = r"\b(?:mens[ae]|menu|crud[oi]|cott[oi]|insalat\w*|verdur\w*|mangi\w*|ricett\w*|piatt[oi]|gratin\w*|orto|semi" \
        r"|tisan\w*|pranzo|cena|contorn[oi]|zuppa|mercato|kg|chilo|fennel)\b"

TERMS: list[Term] = []


def _add(category: Category, name: str, pattern: str, weight: float, **kw: object) -> None:
    TERMS.append(Term(category, name, pattern, weight, **kw))  # type: ignore[arg-type]


for _name, _pat, _w, _proper in VULGAR_WORDS:
    _add(V, _name, _pat, _w, proper=_proper)
for _name, _pat, _w, _proper in HATE_WORDS:
    _add(H, _name, _pat, _w, proper=_proper)

# ---- vulgar: phrases, blasphemy, insults aimed at someone
_add(V, "blasphemy", r"porc[oa] ?(?:dd?io|d|madonna|cristo|gesu|signore|ostia)|dio ?(?:can[e]?|porco|maiale|bestia|boia"
     r"|merda|ladro|infame|serpente|lupo|bastardo|assassino|stronzo|schifoso|cristo)|diocan\w*|porcodd?io"
     r"|porcamadonna|dioporco|diobestia|madonna (?:puttana|troia|maiala|porca|cagna|zoccola|ladra|impestata|lurida)"
     r"|mannaggia (?:a |al |alla )?(?:dio|cristo|madonna|gesu|ostia)|cristo (?:di dio|santo dio)", 0.95)
_add(V, "minced_oath", r"porco zio|zio cane|porca (?:puttana|troia|vacca troia)", 0.6)
_add(V, "rompere_le_palle", r"(?:rott[oaie]|rompe(?:te|re)?|rompi|rompono) (?:le|i|il) (?:palle|coglioni|cazzo|balle"
     r"|maroni)|che palle", 0.75)
_add(V, "directed_insult", r"<DIRECT> <INSULT>", 0.6)
_add(V, "you_animals", r"(?:siete|sei|branco di|razza di|manica di) (?:dei |degli |delle |solo |proprio |un |una )?"
     r"(?:animali|bestie|maiali|porci|vermi|verme|maiale|porco|bestia|animale|ratti|stupid[oaie]|useless)", 0.6)
_add(V, "faccia_di", r"(?:faccia|testa|pezzo|figli[oa]) di (?:merda|culo|cazzo|puttana|troia|mignotta|buona donna)",
     0.9)
_add(V, "middle_finger", r"emoji_dito_medio", 0.75)
_add(V, "fate_schifo", r"(?:fate|fai|fa|fanno) (?:proprio |veramente )?(?:schifo|cagare|ribrezzo)", 0.4)
_add(V, "en_insult", r"(?:screw|fuck|f) (?:you|off|u)|piss off|you suck|suck my", 0.7)

# ---- threat: the speaker as the one who will hurt (a third person "prima o poi ammazzano qualcuno" is not one)
_add(T, "kill_you", r"<PRON_A> <KILL1>", 0.85)
_add(T, "hurt_you", r"<PRON_P> <HARM1>", 0.8)
_add(T, "break_body", r"(?:rompo|rompero|romperemo|rompiamo|spacco|spacchero|spacchiamo|sfondo|sfondero|brucio|brucero"
     r"|bruciamo|distruggo|distruggero) (?:<ART> )?(?:faccia|testa|gambe|ossa|denti|muso|naso|collo|braccia|schiena"
     r"|culo|macchina|auto|vetrin[ae]|finestr[ae]|portone|ufficio|uffici|municipio|comune|sede|casa)", 0.6)
_add(T, "smash_everything", r"(?:spacco|spacchero|spacchiamo|sfascio|sfascero|distruggo|distruggero|rompo|rompero"
     r"|devasto) tutto", 0.6)
_add(T, "do_harm", r"<PRON_A> (?:faccio|faro|facciamo|faremo) (?:la pelle|del male|male|nero|neri|nera|fuori|secc[oaie]"
     r"|a pezzi|vedere i sorci verdi)", 0.8)
_add(T, "beat_up", r"<PRON_A> (?:prendo|prendero|prendiamo|prenderemo) a (?:schiaffi|calci|pugni|botte|sberle"
     r"|bastonate|sprangate|mazzate|ceffoni|martellate|sassate|cinghiate)", 0.8)
_add(T, "should_be_beaten", r"(?:andrebbe|andrebbero|va|vanno|meriterebbe|meriterebbero|merita|meritano)"
     r" (?:pres[oaie]|pigliat[oaie]) a (?:schiaffi|calci|pugni|botte|sberle|bastonate|sprangate|mazzate)", 0.6)
_add(T, "kill_target", r"(?:ammazz|uccid|accoltell|massacr|sgozz|fucil|strozz|impicc|spar)(?:o|ero|iamo|eremo)"
     r"(?: a)? (?:tutti|voi|te|lui|lei|quell\w*|quei|quegli|(?:il|la|l|lo|i|gli|le) (?:<ROLE>|vicin[oaie]|tizi[oa]"
     r"|capo|impiegat[oaie]))", 0.8)
_add(T, "intent_enclitic", r"(?:vengo|veniamo|verro|vado|andro|voglio|vorrei|devo|giuro che|prima o poi|rischio di"
     r"|sto per|finisce che|appena (?:lo|la|li|ti|vi) (?:vedo|trovo)) (?:a |ad |di )?(?:ammazz|uccid|spacc"
     r"|accoltell|scann|sgozz|massacr|pest|strozz|fucil|impicc|squart|sparar|picchiar|menar|bruciar|incendiar)\w*"
     r"(?:ti|vi|lo|la|li|le|gli|glie\w*)", 0.8)
_add(T, "want_dead", r"(?:ti|vi|lo|la|li|le) (?:voglio|vorrei|vogliamo) (?:vedere )?mort[oaie]", 0.75)
_add(T, "blow_up", r"<PRON_A> (?:faccio|facciamo|faro|faremo) (?:saltare|esplodere)|(?:faccio|facciamo|faro|faremo)"
     r" (?:saltare|esplodere) (?:in aria|(?:il|la|l|lo|tutto il|tutta la) <BUILDING>)", 0.85)
_add(T, "set_fire", r"(?:do|diamo|daro|daremo|dar|dare|appicco) fuoco (?:a|al|alla|all|ai|alle|agli) (?:<BUILDING>"
     r"|te|voi|lui|lei|tutto|tutti|<ROLE>)", 0.8)
_add(T, "bomb", r"(?:metto|mettiamo|mettero|piazzo|piazzero|porto|portero|lancio|lanciamo) (?:una|la|delle|le|un)"
     r" (?:bomb[ae]|ordigno|molotov)|(?:bomb[ae]|ordigno|molotov) (?:al|nel|in|sotto il|sotto al|davanti al)"
     r" <BUILDING>", 0.85)
_add(T, "weapon", r"(?:prendo|prendero|porto|portero|tiro fuori|vengo|verro|arrivo|torno|tornero|veniamo|passo)"
     r"<GAP6> (?:con )?(?:il|la|lo|l|un|una|mio|mia|la mia|il mio) (?:fucile|pistola|coltello|coltellaccio|mazza"
     r"|spranga|machete|accetta|ascia|tanica|benzina|kalashnikov|mitra|doppietta|lupara|lanciafiamme|revolver"
     r"|mazza da baseball)", 0.8)
_add(T, "flamethrower", r"(?:col|con il|con un|coi|con i|a colpi di) (?:lanciafiamme|napalm|mitra|kalashnikov"
     r"|bazooka)", 0.75)
_add(T, "weapon_emoji", r"emoji_(?:bomba|pistola|coltello)", 0.25, boost=True)
_add(T, "shoot_at", r"(?:sparo|sparero|spariamo|spareremo|sparerei) (?:a|in testa a|addosso a|contro) (?:te|voi|lui"
     r"|lei|tutti|quel\w*|chi|qualcuno|il|la|l|<ROLE>)", 0.8)
_add(T, "careful_when_out", r"(?:stia|stiano|stai|state) attent[oaie] (?:quando|la sera|di sera|di notte|a quando"
     r"|a dove|a come)", 0.5)
_add(T, "alone_at_night", r"attent[oaie](?: quando)?<GAP3> (?:la sera|di sera|di notte|da sol[oa]|sotto casa)", 0.3)
_add(T, "know_where_you_live", r"(?:so|sappiamo|conosco|conosciamo) (?:bene )?(?:dove|dov) (?:abit\w*|vive|vivi"
     r"|vivete|vivono|stai|sta di casa|lavor\w*|parchegg\w*|porta i figli|va a scuola)", 0.6)
_add(T, "we_know_him", r"(?:lo|la|li|vi|ti) conosc(?:o|iamo) (?:tutti|bene)", 0.35, boost=True)
_add(T, "know_family", r"conosc(?:o|iamo) (?:la tua|la sua|la vostra|i tuoi|i suoi|i vostri) (?:famiglia|figli"
     r"|moglie|marito)", 0.65)
_add(T, "make_you_pay", r"(?:te|ve|me|gliel[ae]?|gliela) ?la (?:faccio|faro|faremo|facciamo) pagare|gliela (?:faccio"
     r"|faro|faremo|facciamo) pagare|(?:me|ce) la pagherete|la pagherete (?:cara|carissima)|me la pagherai"
     r"|la pagherai", 0.7)
_add(T, "bad_end", r"(?:farete|farai|fara|faranno) (?:una )?brutta fine|(?:finirete|finirai) male", 0.6)
_add(T, "regret", r"(?:ve|te|se) ne (?:pentirete|pentirai|pentira)|guardati (?:le spalle|alle spalle)|guardatevi"
     r" (?:le|alle) spalle|(?:hai|avete|ha) i giorni contati", 0.65)
_add(T, "wait_outside", r"(?:ti|vi|la|lo) (?:aspetto|aspettiamo|aspettero|vengo a prendere|veniamo a prendere"
     r"|vengo a cercare|trovo) (?:fuori|sotto casa|all uscita)", 0.6)
_add(T, "not_over", r"non finisce qui|uomo avvisato|non sai con chi hai a che fare|non sapete con chi avete a che"
     r" fare|te la vedrai con me|ve la vedrete con me", 0.35, boost=True)
_add(T, "incite_kill", r"(?:andrebbero|vanno|devono essere|dovrebbero essere|meritano di essere|sarebbero da)"
     r" (?:tutti )?(?:ammazzat|uccis|fucilat|impiccat|sterminat|gasat|bruciat[io] viv|pres[io] a (?:sprangate"
     r"|bastonate|fucilate))\w*|(?:bisognerebbe|bisogna|dovrebbero|vorrei|andrebbe|meriterebbe(?:ro)?|meritano)"
     r"(?: \S+)? (?:ammazzar|uccider|impiccar|fucilar|sterminar|bruciarl|picchiarl|sparargl)\w*", 0.8)
_add(T, "wish_death", r"(?:devi|dovete|deve|dovreste|dovresti|spero che(?: \S+)?) (?:morire|crepare|muoia|muoiano"
     r"|crepi|crepino|crepiate|muoiate)|(?:crepate|morite) (?:tutti|ammazzati|male)|(?:ti|vi) (?:auguro|auguriamo)"
     r" (?:di )?(?:morire|la morte|un cancro|un tumore)", 0.7)
_add(T, "en_threat", r"i ?(?:will|ll|am going to|m going to|m gonna|gonna) (?:kill|shoot|stab|hurt|beat|burn|find)"
     r" (?:you|him|her|them|the|your|every\w*)|burn (?:down )?(?:the|your) (?:office|town hall|city hall|building"
     r"|house|car)|blow (?:up )?(?:the|your) (?:office|town hall|city hall|building)|i know where you live"
     r"|watch your back|you (?:ll|will) (?:pay|regret)|(?:you|they) (?:should|deserve to) die", 0.8)

# ---- hate: slurs above; here, a group plus a dehumanising or exclusionary claim in the same sentence
_HATE_CLAIM = (
    r"(?:rubano|sporcano|puzzano|spacciano|delinquono|stuprano|violentano|ci invadono|invadono|ci rubano|non lavorano"
    r"|vivono alle nostre spalle|fanno schifo|comandano|controllano|hanno in mano|non capiscono (?:niente|nulla"
    r"|un cazzo)|non sanno fare niente|portano malattie|sono (?:tutti )?(?:uguali|ladri|delinquenti|criminali"
    r"|terroristi|parassiti|sporchi|bestie|animali|scimmie|feccia|stupratori|spacciatori|inutili|un peso|una piaga"
    r"|un cancro|inferiori)|(?:tornassero|tornino|tornate|tornatevene|tornino|rimandateli|rimandarli|rimandiamoli"
    r"|rispediteli|rispedirli|rispediamoli|rispedit[io]|cacciateli|cacciarli|cacciamoli|cacciat[io]|buttateli"
    r"|espulsi|rimpatriat[io]|rimpatriateli) ?(?:tutti|fuori|via|a casa|in \w+|al loro paese)?|a casa loro"
    r"|al loro paese|di merda|vanno eliminati|andrebbero (?:eliminati|cacciati|espulsi|rimpatriati|chiusi)"
    r"|are (?:all )?(?:criminals|animals|thieves|terrorists|parasites)|go back to (?:your|their) country)"
)
_add(H, "group_claim", r"<GROUP><GAP20> " + _HATE_CLAIM, 0.8)
_add(H, "claim_group", r"(?:fuori|via|basta con|basta) (?:gli|i|le|tutti gli|tutti i|tutte le|questi|sti) <GROUP>"
     r"|(?:sporc[hio]|lurid[io]|maledett[io]) <GROUP>", 0.8)
_add(H, "full_of_group", r"(?:pien[oaie]|invas[oaie]|infestat[oaie]) di <GROUP>", 0.3, boost=True)
_add(H, "italians_first", r"prima gli italiani|(?:solo|tutto) (?:agli|ai|alle) <GROUP>,? (?:e )?(?:agli|ai)"
     r" italiani (?:niente|nulla|mai)|agli italiani (?:niente|nulla)|sostituzione etnica|razz[ae] inferior[ei]"
     r"|invasione (?:di|degli|dei)", 0.6)
_add(H, "fennel_slur", r"(?:<DIRECT>|i|quei|sti|da) finocch(?:io|i)|finocch(?:io|i) (?:di merda|che)", 0.8,
     unless=_FOOD, proper=True)
_add(H, "fennel", r"finocch(?:io|i)", 0.3, unless=_FOOD, proper=True, boost=True)
_add(H, "disability_insult", r"<DIRECT> (?:ritardat[oaie]|handicappat[oaie]|mongoloid[ei]|spastic[oi]|down)", 0.7)
_add(H, "en_go_back", r"go back to (?:your|their|where) (?:country|home|you came from)", 0.8)

# ---- defamation: accusations; the detector requires a named person or an office-holder in the same sentence
_add(D, "accused_of_crime", r"(?:e|sono|siete|sei|is|are) (?:un|una|uno|dei|degli|delle|solo|tutti|proprio|a|an)"
     r" ?(?:gran |grande )?(?:ladr[oaie]|corrott[oaie]|mafios[oaie]|camorrist[ai]|truffator[ei]|truffatric[ei]"
     r"|imbroglion[ei]|delinquent[ei]|criminal[ei]|evasor[ei]|ubriacon[ei]|alcolizzat[oaie]|drogat[oaie]"
     r"|cocainoman[ei]|pedofil[oaie]|assenteist[ai]|spacciator[ei]|strozzin[oi]|usurai[oa]|collus[oaie]|vendut[oi]"
     r"|thief|thieves|crook|crooks|corrupt)", 0.45, role="accusation")
_add(D, "that_thief", r"quel(?:la|lo)? (?:ladr[oa]|corrott[oa]|mafios[oa]|truffator[ea]|delinquente|ubriacone"
     r"|drogat[oa]|imbroglione) (?:del|della|dell|di)", 0.45, role="accusation")
_add(D, "steals_money", r"(?:ruba|rubano|rubava|rubavano|intasca|intascano|si intasca|si intascano|si tiene|si tengono"
     r"|si teneva|si mangia|si mangiano|si pappa|si frega|si fregano|si mette in tasca|si spartiscono|sottrae"
     r"|(?:ha|hanno|si e|si sono) (?:rubat|intascat|mangiat|pappat|fregat|tenut|mess[oaie] in tasca|spartit|sottratt"
     r"|fatt|appropriat)\w*) (?:tutti )?(?:i |il |la |le |dei |degli |delle |una |un )?(?:nostri )?(?:soldi|fondi"
     r"|denaro|rimborsi|contributi|villa|villetta|milioni|quattrini|tangenti|mazzette|soldi pubblici|cassa"
     r"|finanziamenti|euro|money|funds)", 0.45, role="accusation")
_add(D, "with_public_money", r"(?:coi|con i|con) (?:nostri )?soldi (?:del|dei|della|pubblici|nostri|del comune)", 0.3,
     role="accusation")
_add(D, "bribes", r"(?:prende|prendono|prendeva|ha preso|intasca|chiede|chiedeva|si fa dare|riceve|accetta|takes)"
     r" (?:delle |le |una |la |i )?(?:mazzett[ae]|tangent[ie]|bustarell[ae]|pizzo|regali|soldi in nero|bribes?)"
     r"|(?:prende|prendono|prendeva|ha preso|si fa dare|riceve|riceveva|ha ricevuto|accetta|intasca) (?:i )?(?:soldi"
     r"|denaro|regali|favori) (?:da|dai|dagli|dalle|dalla|dal|in nero|sottobanco)", 0.5, role="accusation")
_add(D, "bribe_words", r"mazzett[ae]|tangent[ie]|bustarell[ae]|corrott[oaie]|corruzione", 0.3, role="accusation")
_add(D, "rigged", r"(?:ha|hanno|avete) truccat[oaie]|truccat[oaie] (?:la gara|l appalto|il concorso|i conti|il bando"
     r"|le elezioni)|(?:gara|appalto|concorso|bando) truccat[oaie]|(?:ha|hanno) pilotat[oaie]", 0.45,
     role="accusation")
_add(D, "nepotism", r"(?:fa|fanno|ha fatto) (?:assumere|lavorare|vincere|passare) (?:solo )?(?:i suoi|le sue|il suo"
     r"|la sua|gli amici|i parenti) ?(?:parenti|amici|amiche|figli|cugini|cognat[oi])?|assum\w* solo (?:i )?(?:parenti"
     r"|amici|raccomandati)|(?:la ditta|l impresa|la societa|la cooperativa) (?:di|del|della) (?:suo|sua) (?:cognat[oa]"
     r"|cugin[oa]|fratello|sorella|figli[oa]|moglie|marito|amic[oa]|amante|parente)|(?:solo|soltanto) a chi"
     r" (?:gli |le )?(?:paga|pagano|offre|da|fa regali)|(?:fa|fanno) (?:favori|favoritismi) (?:agli|ai)"
     r" (?:amici|parenti)", 0.45, role="accusation")
_add(D, "vices", r"(?:evade|evadono|ha evaso) (?:le tasse|il fisco|l iva)|(?:si droga|si ubriaca|e sempre ubriac[oa]"
     r"|va a puttane|molesta le|ha molestato|picchia la moglie|picchia i figli)|(?:ha|hanno) (?:falsificato|falsato"
     r"|manipolato|taroccato)", 0.45, role="accusation")
_add(D, "innuendo", r"lo sanno tutti|(?:tutti|tutto il paese) (?:lo )?sa(?:nno)?|si sa che|chiedete a (?:lui|lei)"
     r"|non e un caso|guarda caso|everyone knows", 0.2, boost=True)

# ---- promotion: products, services, parties and candidates
_add(P, "free_quote", r"preventiv[oi] gratuit[oi]|preventivi gratis|sopralluogo gratuito|free quote", 0.5)
_add(P, "prices", r"prezz[oi] (?:imbattibil[ei]|bassissim[io]|stracciat[io]|scontat[io]|competitiv[io]|modic[io]"
     r"|speciali|shock|pazzi|da outlet)|best prices?", 0.5)
_add(P, "delivery", r"(?:consegna|consegne|spedizione|spedizioni) (?:gratis|gratuit[ae]|a domicilio|in tutt[oa]"
     r"|in giornata|rapida|veloce|immediata|garantita|in 24 ?h?)|consegnat[oaie] a domicilio|free delivery", 0.4)
_add(P, "offer", r"(?:in )?offerta speciale|super offert[ae]|offert[ae] (?:del giorno|lampo|imperdibil[ei]|amazon"
     r"|esclusiv[ae]|pazz[ae])|codice sconto|coupon|sconto del \d+|\d+ ?% di sconto|promo(?:zione)? (?:valida"
     r"|speciale|lancio)|special offer|promo code|discount", 0.45)
_add(P, "price_unit", r"\d+ (?:euro|eur) (?:l uno|cad\w*|al mese|a persona|al pezzo|a testa|l ora|al kg|al chilo)"
     r"|(?:due|tre|\d+) \S+ (?:a )?\d+ euro", 0.3, boost=True)
_add(P, "dm_me", r"(?:scrivetemi|scrivimi|contattatemi|contattami|scriveteci|scrivici) (?:in privato|in pvt|in dm"
     r"|in direct|su (?:whatsapp|telegram|instagram))|dm me|dm for", 0.45)
_add(P, "call_us", r"(?:chiamate|chiamateci|chiamaci|contattateci|contattaci|scriveteci|scrivici|scrivetemi"
     r"|chiamatemi|contattatemi) (?:il|al|lo|allo|subito|ora|pure|per info|per preventivi)|call (?:us|now)|visit our",
     0.3,
     boost=True)
_add(P, "service_terms", r"attivazione (?:in giornata|immediata|gratuita)|installazione gratuita|senza vincoli"
     r"|senza costi di attivazione|prova gratuita|primo mese gratis|paghi solo|soddisfatti o rimborsati"
     r"|pagamento alla consegna|spedizione gratuita|free trial", 0.4)
_add(P, "if_interested", r"se (?:vi |ti )?interessa(?:no|te|ti|to|ta)?,? (?:scrivetemi|contattatemi|chiamatemi"
     r"|scrivimi|contattami|chiamami|in privato)|(?:interessati|chi e interessato|chi fosse interessato)"
     r",? (?:scrivetemi|contattatemi|chiamatemi|in privato|mi scriva)", 0.5)
_add(P, "welcome", r"vi aspettiamo|vi aspetto|venite a trovarci|passate a trovarci|we are waiting for you|come visit us",
     0.35)
_add(P, "freebie", r"(?:prima|primo) \S+ gratuit[oa]|\S+ gratuit[oa] per (?:tutti|i nuovi clienti)|in omaggio|omaggio"
     r" per|\S+ in regalo (?:a|per) (?:tutti|chi)", 0.4)
_add(P, "sale_terms", r"trattabil[ei]|prezzo affare|come nuov[oaie]|usat[oa] pochissimo|mai usat[oa]", 0.3,
     boost=True)
_add(P, "price", r"(?:a|da|solo|soli|only|a soli) \d+ ?(?:euro|eur)|\d+ ?(?:euro|eur) trattabil\w*", 0.25,
     boost=True)
_add(P, "headline", r"^<BUSINESS>(?: [^ .!?;:]+){0,3} (?::|!)", 0.4)
_add(P, "contact_me", r"(?:scrivetemi|contattatemi|scrivimi|contattami|chiamatemi|chiamami|dm me)", 0.25, boost=True)
_add(P, "call_to_buy", r"info e prenotazioni|prenota ora|ordina ora|acquista ora|compra ora|iscriviti ora|solo per"
     r" oggi|fino ad esaurimento|affrettatevi|approfittane|approfittatene|non perdete l occasione|buy now|order now",
     0.4)
_add(P, "selling", r"vendo|vendiamo|vendesi|svendo|affittasi|compro oro|compriamo (?:auto|oro)|cedo (?:attivita"
     r"|licenza)|for sale", 0.4)
_add(P, "our_business", r"(?:il nostro|la nostra|i nostri|le nostre) (?:negozio|ristorante|locale|studio|azienda"
     r"|ditta|prodott[io]|servizi|offert[ae]|canale|pagina|sito|shop|menu|pizzeria|bar|agenzia)", 0.4)
_add(P, "join_channel", r"(?:entrate|entra|iscrivetevi|iscriviti|unitevi|unisciti|seguitemi|seguiteci|seguici|seguimi)"
     r" (?:nel|al|sul|alla|sulla|a|il|la) (?:mio |nostro |mia |nostra )?(?:canale|gruppo|pagina|profilo|account)"
     r"|(?:mio|nostro) canale (?:telegram|youtube|whatsapp|instagram|tiktok)|link in bio|follow (?:me|us)", 0.5)
_add(P, "go_to_my_studio", r"rivolgetevi (?:a|al|allo|alla|presso) (?:lo |il |la )?(?:studio|ditta|agenzia|negozio"
     r"|mio|nostro|me|noi|geom\w*|avv\w*|dott\w*|ing|arch)|affidatevi a", 0.55)
_add(P, "business", r"<BUSINESS>", 0.2, boost=True)
_add(P, "vote_for", r"(?<!come )(?<!cosa )(?<!dove )(?<!quando )(?<!chi )(?<!se )votate(?:mi|ci|lo|la|li|le)?(?! \?)"
     r"|votami|(?<!si )(?<!chi )(?<!come )vota (?:per|la lista|il candidato|la candidata|lista|si|no)"
     r"|(?:datemi|dateci|date) il (?:vostro )?voto|sostenetemi|sceglietemi|vote for|elect me|vote me", 0.6)
_add(P, "candidate", r"(?:sono|io sono) (?:il|la) candidat[oa]|candidat[oa] (?:sindaco|sindaca|consigliere"
     r"|consigliera|al consiglio|alle (?:comunali|regionali|europee|elezioni)|della lista|del partito)", 0.45)
_add(P, "campaign", r"lista civica|(?:il nostro|del nostro|nel nostro|al nostro) (?:partito|movimento|programma"
     r" elettorale)|(?:alle|per le) prossime (?:elezioni|comunali|regionali|europee|politiche)|gazebo (?:in piazza"
     r"|elettorale)|campagna elettorale|iscrivetevi al (?:partito|movimento)|vi sistemo io", 0.3, boost=True)

# ---- copyright: pirated films, matches, books, IPTV
_add(C, "iptv", r"iptv|pezzott[oi]|card ?sharing|decoder (?:sbloccat[oi]|modificat[oi])|codici (?:sky|dazn)"
     r"|(?:sky|dazn|netflix) (?:gratis|craccat[oi]|pirata)|(?:canali|tutto) (?:sky|dazn)(?: e (?:sky|dazn))?"
     r"|m3u8?", 0.75)
_add(C, "torrent", r"torrents?|torrenting|emule|warez|craccat[oaie]|crackat[oaie]|keygen|sblocc\w* (?:la )?(?:licenza|key)",
     0.55)
_add(C, "free_stream", r"(?:partit[ae]|serie a|champions|match(?:es)?|film|movies?) (?:\S+ ){0,4}?(?:gratis|free)"
     r" (?:in hd|in streaming|in full hd)|(?:gratis|free) in (?:hd|full hd|streaming)|streaming (?:gratis|free"
     r"|pirata)|free streaming|full movie|no subscription|senza abbonamento|watch (?:\S+ ){0,4}?free|film complet[oi]"
     r"(?: in italiano)?|film (?:\S+ ){0,3}complet[oi] in italiano", 0.55)
_add(C, "share_content", r"(?:<PRON_A> |li |le )?(?:giro|passo|posso passare|posso girare|posso mandare|mando"
     r"|condivido|regalo)(?: \S+){0,3} (?:<ART> )?<CONTENT>|<CONTENT>(?: [^ ]+){0,8}? (?:li|le|lo|la|ve li|ve lo"
     r"|ve la) (?:giro|passo|mando|condivido|regalo)|chi vuole (?:vedere|scaricare|avere)? ?(?:<ART> )?(?:pdf"
     r"|<CONTENT>)", 0.45)
_add(C, "new_release_free", r"(?:ultim[oa]|nuov[oa]|appena uscit[oa]) (?:film|album|libro|episodio|stagione|serie)"
     r"<GAP6> (?:gratis|scaricat\w*|in streaming|free)|(?:gratis|free|scarica\w*)<GAP6> (?:l )?(?:ultim[oa]|nuov[oa])"
     r" (?:film|album|libro|episodio|stagione|serie)|(?:film|serie) (?:ancora )?al cinema<GAP6> (?:gratis|scaricat\w*)",
     0.5)
_add(C, "free_download", r"(?:scarica\w*|download|guarda(?:te|re)?|vedere|watch)<GAP6> (?:gratis|free|gratuitamente)",
     0.3, boost=True)
_add(C, "downloaded", r"(?:scaricat[oaie]|scaricar[eml]\w*|l ho scaricato|downloaded)<GAP6> (?:<ART> )?<CONTENT>"
     r"|<CONTENT><GAP12> (?:scaricat[oaie]|l ho scaricato|downloaded)", 0.4)
_add(C, "pdf_books", r"(?:libr[io]|manual[ei]|testi)<GAP6> (?:in )?pdf|pdf (?:dei|del) (?:libr[io]|testi)", 0.3,
     boost=True)
_add(C, "dont_buy", r"(?:cosi|per) non (?:li|lo|la|le) (?:comprate|pagate|compri|paghi|comprare|pagare)", 0.35,
     boost=True)
_add(C, "free_content", r"<CONTENT><GAP6> (?:gratis|free|in hd)", 0.3, boost=True)
_add(C, "release_tags", r"(?:1080p|720p|2160p|bluray|bdrip|brrip|webrip|web dl|dvdrip|hdtv|x264|x265|hevc|xvid"
     r"|hdrip|camrip|sub ita|ita eng|md ita)", 0.3)

# ---- fundraising: private appeals for money
_add(F, "fundraiser", r"raccolt[ae] (?:fondi|di fondi|soldi|offerte|di denaro|benefica)|colletta|crowdfunding"
     r"|gofundme|go fund me|fundrais\w*", 0.65)
_add(F, "collecting", r"(?:si raccolgono|raccogliamo|raccoglie|raccolgono|stiamo raccogliendo|raccogliendo)"
     r" (?:soldi|offerte|fondi|denaro|contributi|donazioni)", 0.6)
_add(F, "donate", r"donate|donateci|donatemi|dona ora|fate una donazione|fai una donazione|contribuite|sostenete"
     r" (?:la raccolta|la causa|il progetto)|please donate|any amount", 0.5)
_add(F, "help_with_money", r"aiutat(?:eci|emi) (?:con|economicamente|a pagare|a raccogliere|anche con)|servono soldi"
     r"|mi serv(?:ono|irebbero) (?:\d+ (?:euro|eur)|soldi|dei soldi)|chi mi (?:aiuta|puo aiutare|presta|da una mano)"
     r"|aiutiamo (?:la famiglia|il piccolo|la piccola|i bambini|una famiglia|una mamma|un papa|la signora|il signor)"
     r"|servono fondi|ci servono (?:soldi|fondi)|non abbiamo (?:i )?soldi per|(?:pagare|coprire) (?:le spese|le cure"
     r"|l operazione|il funerale|il veterinario)|please help (?:me|us) (?:with|pay|raise)", 0.35)
_add(F, "small_amount", r"anche (?:solo )?(?:di )?\d+ (?:euro|eur)|qualsiasi (?:cifra|somma|offerta)|ogni (?:euro"
     r"|centesimo|piccolo aiuto|contributo) (?:conta|e prezioso|aiuta)|anche un piccolo (?:contributo|aiuto|gesto)"
     r"|every (?:euro|dollar|cent) (?:counts|helps)", 0.4)
_add(F, "payment_channel", r"paypal|satispay|postepay|poste pay|ricaric\w* (?:la )?(?:postepay|carta|paypal)"
     r"|ricarica (?:postepay|sulla carta)|numero della (?:carta|postepay)", 0.35)
_add(F, "topup", r"ricaric\w*(?: \S+){0,2} (?:postepay|paypal|sulla carta|carta prepagata)", 0.45)
_add(F, "pass_it_on", r"fate girare|passate parola|condividete|diffondete|condividi|share", 0.2, boost=True)
_add(F, "blessing", r"dio ve ne rendera merito|che dio vi benedica|grazie a chi (?:potra|vorra) (?:aiutare|donare"
     r"|contribuire)|dio vi benedica", 0.25, boost=True)
_add(F, "causale", r"causale|bonifico (?:a|su|sull|sul)|intestat[oa] a (?:comitato|associazione|parrocchia|onlus"
     r"|asd|gruppo)", 0.2, boost=True)

# ---- illegal: drugs, fake documents, bribes, dodging checks, burning waste, false residence
_add(I, "sell_drugs", r"<SELL><GAP6> (?:dell[ae]? |del |un po di |ottim[ao] |buon[ao] )?(?:hashish|hascisc|hash"
     r"|marijuana|cocaina|eroina|mdma|ecstasy|ketamina|anfetamin[ae]|spinell[io]|lsd|weed|cocaine|drugs)"
     r"|(?:hashish|marijuana|cocaina|eroina|mdma|ecstasy|ketamina|erba|fumo|roba|bamba|coca|weed)<GAP12>"
     r" (?:consegn\w* a domicilio|scrivetemi|scrivimi|prezz[io]|al grammo|\d+ euro al|dm)", 0.8)
_add(I, "buy_drugs", r"(?:comprare|compro|comprate|comprarmi|vendo|vendere|vendete|rimediare|procurare|procurarmi"
     r"|procurami|spacciare|spaccio)(?: (?:un po di|dell[ae]?|del|un pezzo di|mezzo etto di|un grammo di|\d+ (?:grammi"
     r"|g) di))? (?:fumo|erba|coca|bamba|hashish|hash|marijuana|cocaina|eroina|canne|spinelli|pasticche|md|mdma"
     r"|ketamina|weed)", 0.7)
_add(I, "drug_quality", r"(?:erba|fumo|roba|bamba|maria|weed) (?:di qualita|buon[ae]|ottim[ae]|top|olandese"
     r"|afghano|marocchino|da sballo)", 0.55)
_add(I, "sell_any_drug", r"<SELL><GAP3> <DRUG>", 0.4, boost=True)
_add(I, "weed_emoji", r"emoji_erba|emoji_pillola", 0.2, boost=True)
_add(I, "fake_document", r"<DOC><GAP3> <FAKE>|<FAKE> <DOC>", 0.5)
_add(I, "solicit", r"(?:chi mi (?:vende|fa|procura|fa avere)|vendo|pago bene|cerco|compro|quanto costa|dove (?:si )?"
     r"(?:compra|trova)|who sells|where can i buy)", 0.35, boost=True)
_add(I, "bribe_offer", r"se (?:vi|ti|le|gli) (?:do|dessi|pago|pagassi|regalo|offro|lascio|passo)(?: \S+){0,3}?"
     r" (?:\d+ )?(?:euro|soldi|qualcosa|regalo|mancia|caffe|cena|pensiero|regalino)|(?:quanto|cosa) (?:volete|vuole"
     r"|vuoi|devo darvi|devo dare) per (?:togliere|cancellare|annullare|chiudere|sistemare|velocizzare|accelerare"
     r"|fare passare)|(?:vi|ti|le|gli) (?:do|offro|lascio|passo) (?:una |un )?(?:mazzetta|bustarella|mancia"
     r"|regalino) per", 0.6)
_add(I, "bribe_official", r"se (?:do|pago|dessi|pagassi|regalo|offro|passo|lascio) (?:\S+ ){0,3}?(?:al|all|alla|ai|agli)"
     r" (?:<ROLE>|impiegat[oaie]|controllor[ei])", 0.55)
_add(I, "quietly", r"nessuno lo sapra|resta tra noi|rimane tra noi|sottobanco|chiudere un occhio|chiudete un occhio"
     r"|fare finta di niente|facciamo finta di niente|(?:mi|me la|me lo|me li) (?:togliete|togli|toglie|cancellate"
     r"|cancella|annullate|annulla|levate|leva|sistemate|sistema|abbuona|abbonate)", 0.35, boost=True)
_add(I, "hide_plate", r"(?:ho tolto|tolgo|togliere|ho levato|levo|ho coperto|copro|coprire|ho staccato|stacco"
     r"|nascondere|nascondo|ho smontato|smonto|non far vedere|oscurare|oscuro|camuffare|rendere illeggibile)"
     r" (?:la|le) targ[ah]e?", 0.45)
_add(I, "speed_cameras", r"autovelox|tutor|telecamer[ae]|photored|velox|ztl|vigili|controlli", 0.3, boost=True)
_add(I, "dodge_checks", r"(?:cosi|per) (?:l autovelox|il tutor|la telecamera|le telecamere|i vigili|il vigile"
     r"|la polizia|nessuno) non mi (?:becca|beccano|vede|vedono|multa|multano|trova|trovano)|senza farmi (?:beccare"
     r"|vedere|scoprire)|senza che (?:nessuno|i vigili) (?:se ne accorga|lo sappia)", 0.55)
_add(I, "evade", r"(?:come|modo per|trucco per|aiutatemi a) (?:non pagare|evitare|eludere|aggirare|fregare)"
     r" (?:la multa|le multe|l autovelox|il tutor|i controlli|la ztl|le tasse|la tari|l imu|il fisco)|evadere"
     r" (?:le tasse|il fisco|la tari|l imu)|lavor\w* in nero|pago in nero|affitto in nero", 0.35)
_add(I, "burn_waste", r"(?:brucio|bruciamo|brucero|bruceremo|do fuoco|diamo fuoco|faccio un falo|dare fuoco|bruciare)"
     r"(?: \S+){0,3}? (?:plastica|plastiche|copertoni|gomme|pneumatici|rifiuti|immondizia|spazzatura|eternit|amianto"
     r"|vernic[ie]|sacchi|mobili|divano|materass[oi]|cavi|guaine|bidoni)", 0.5)
_add(I, "burn_first_person", r"(?:brucio|bruciamo|brucero|bruceremo|do fuoco|diamo fuoco|faccio un falo)"
     r"(?: \S+){0,3}? (?:plastica|plastiche|copertoni|gomme|pneumatici|rifiuti|immondizia|spazzatura|eternit"
     r"|amianto|vernic[ie]|sacchi|mobili|divano|materass[oi]|cavi|guaine|bidoni)", 0.35, boost=True)
_add(I, "dump_waste", r"(?:butto|buttiamo|buttero|scarico|scarichiamo|abbandono|lascio)(?: \S+){0,4}? (?:nel fosso"
     r"|nel fiume|nel bosco|nel campo|in campagna|nel torrente|in mare|nel canale|di notte)", 0.4)
_add(I, "nobody_checks", r"tanto (?:lo fanno tutti|nessuno (?:controlla|vede|se ne accorge|lo sa|dice niente)|non"
     r" (?:mi )?(?:vede|controlla) nessuno)|nessuno lo sapra", 0.35, boost=True)
_add(I, "false_residence", r"residenz[ae] (?:finta|fittizia|fasulla|falsa|di comodo|fantasma)|(?:finta|falsa|fittizia)"
     r" residenza|(?:sposto|spostare|prendo|prendere|metto|mettere|porto|portare) la residenza(?: \S+){0,6}? (?:cosi"
     r"|per) (?:pago meno|non pag\w*|risparmi\w*|prendere|avere|ottenere|scalare)", 0.7)
_add(I, "sell_counterfeit", r"(?:vendo|vendiamo)(?: \S+){0,4}? (?:contraffatt[oaie]|taroccat[oaie]|rubat[oaie]"
     r"|clonat[oaie]|fotocopiat[oaie])", 0.6)
_add(I, "en_illegal", r"fake (?:id|ids|documents?|passports?|licen[cs]es?)|(?:sell|selling) (?:weed|cocaine|coke"
     r"|drugs|pills)|bribe", 0.6)

# ---- spam text cues: boosters for a link (the link itself is judged in links.py)
_add(S, "easy_money", r"guadagn(?:a|are|i|o|ate) (?:\S+ ){0,3}?(?:\d+|soldi|facile)|(?:\d+ ?(?:euro|\$|dollari|usd)"
     r" )?(?:al giorno|a settimana|daily|per day|a day)|earn \d+|make money|work from home|lavoro da casa", 0.35,
     boost=True)
_add(S, "gambling", r"casino|bonus \d+ ?%|\d+ ?% bonus|senza deposito|free spins?|giri gratis|scommess[ae]|slot"
     r"|emoji_casino", 0.35, boost=True)
_add(S, "crypto", r"crypto|cripto\w*|bitcoin|btc|ethereum|forex|trading|nft|airdrop", 0.35, boost=True)
_add(S, "prize", r"sei stat[oa] selezionat[oa]|hai vinto|avete vinto|sei il vincitore|vincitore fortunato|you (?:have"
     r" )?won|congratulazioni|complimenti,? (?:sei|hai)|ritiral[oa]|riscatta|claim (?:your|now)", 0.4, boost=True)
_add(S, "click_now", r"clicca(?:te)? (?:qui|ora|subito|sul link)|tocca qui|entro (?:oggi|24 ore|poche ore|stasera)"
     r"|iscriviti (?:ora|subito|gratis)|join (?:now|us)|sign up|click here|limited time|act now|leggete qui", 0.3,
     boost=True)
_add(S, "misinformation", r"non pagate|non pagatela|condividete prima che|la verita che non (?:vi )?dicono"
     r"|svegliatevi|e illegittim[ao]|e una truffa del comune", 0.3, boost=True)
_add(S, "spam_emoji", r"emoji_(?:razzo|soldi|fuoco|freccia|regalo)", 0.15, boost=True)


def _expand(pattern: str) -> str:
    for _ in range(3):  # macros may use macros
        pattern = re.sub(r"<([A-Z_0-9]+)>", lambda m: MACROS[m.group(1)], pattern)
    return pattern


def compiled_terms() -> list[tuple[Term, re.Pattern[str], re.Pattern[str] | None]]:
    """Each term with its whole-token regex and its `unless` regex."""
    out = []
    for term in TERMS:
        regex = re.compile(r"(?<![^ ])(?:" + _expand(term.pattern) + r")(?![^ ])")
        unless = re.compile(term.unless) if term.unless else None
        out.append((term, regex, unless))
    return out
