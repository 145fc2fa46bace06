"""The lexicon's building blocks: terms, word classes, and how patterns are expanded and compiled.

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
from collections.abc import Callable
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


def adder(terms: list[Term]) -> Callable[..., None]:
    """`_add(category, name, pattern, weight, **options)`: a category module's way to list its terms."""

    def add(category: Category, name: str, pattern: str, weight: float, **options: object) -> None:
        terms.append(Term(category, name, pattern, weight, **options))  # type: ignore[arg-type]

    return add


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
    "ORIGIN": r"(?:bangladesh|africa|marocco|albania|romania|cina|nigeria|senegal|pakistan|india|sud|meridione|est"
              r"|medio oriente|tunisia|egitto|ucraina|russia|moldavia|sud america|peru|ecuador|filippine|sri lanka"
              r"|campo rom|campo nomadi|terzo mondo|ghana|gambia|mali|somalia|eritrea|siria|afghanistan|iraq|turchia"
              r"|kosovo|serbia|bulgaria|polonia)",
    "GROUP": r"(?:due (?:uomini|donne|ragazzi|ragazze) che si (?:baciano|tengono per mano)|coppie (?:gay"
     r"|omosessuali|lesbiche)"
             r"|(?:quelli|quelle|gente|gentaglia|persone|famiglie) (?:del|della|dell|dei|delle|che vengono da"
             r"|venuti da|arrivati da|provenienti da) <ORIGIN>|famiglie straniere|stranier[aeio]|immigrat[io]"
             r"|extracomunitar[io]|clandestin[io]"
             r"|profughi|migranti|african[io]|napoletani|siciliani|calabresi|pugliesi|sardi|sudisti|ghanesi|ivoriani"
             r"|gambiani|maliani|etiopi|sudanesi|libici|algerini|moldavi|russi|polacchi|bulgari|serbi|kosovari"
             r"|macedoni|bosniaci|turchi|curdi|siriani|iracheni|iraniani|afghani|cingalesi|srilankesi|peruviani"
             r"|ecuadoriani|colombiani|brasiliani|cubani|dominicani|sudamericani|cristiani|cattolici|protestanti"
             r"|testimoni di geova|buddisti|sikh|induisti|atei|bisessuali|lgbt\w*|queer|invalidi|autistici"
             r"|malati di mente|ebreo|ebrea|musulmano|musulmana|zingaro|zingara|straniero|straniera|immigrato"
             r"|immigrata|marocchino|albanese|rumeno|romeno|cinese|africano|africana|nigeriano|disabile"
             r"|marocchin[io]|tunisin[io]|albanes[ie]|rumen[io]|romen[io]|cines[ie]|musulman[io]|musulmane"
             r"|islamic[io]|arab[io]|ebre[io]|rom|nomadi|zingar[io]|sinti|gay|omosessuali|lesbiche|trans"
             r"|transessuali|disabil[ie]|handicappat[io]|meridionali|terroni|nigerian[io]|senegalesi|pakistani"
             r"|bengalesi|bangladesi|indian[io]|filippin[io]|ucrain[io]|slav[io]|egizian[io]|somal[io]|eritre[io]"
             r"|asiatic[io]|neri|immigrants|foreigners|muslims|jews|gays|blacks|gypsies|refugees|migrants"
             r"|disabled people|disabled|gay people|black people|arabs|africans|romanians|albanians|chinese people"
             r"|roma people)",
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
                r"|studio dentistico|dentista|estetista|negozio online|shop|boutique|bar|pub|hotel|albergo|market"
                r"|supermercato|minimarket|studio legale|centro|scuola di \S+)",
    "DRUG": r"(?:hashish|hascisc|hash|marijuana|cannabis|cocaina|eroina|mdma|ecstasy|ketamina|anfetamin[ae]"
            r"|metanfetamin[ae]|spinell[io]|lsd|crack|erba|fumo|roba|bamba|coca|maria|pasticch[ea]|canne|weed"
            r"|cocaine|coke|drugs|pills)",
    "SELL": r"(?:vendo|vendiamo|svendo|spaccio|spacciamo|procuro|procuriamo|consegn\w* a domicilio|porto a domicilio"
            r"|mi procura|ci procura|mi passa|ne ho|ne vendo|ne vuole|ne volete"
            r"|chi (?:mi )?(?:vende|procura|fa avere|passa)|dove (?:posso )?(?:comprare|trovare|prendere|rimediare)"
            r"|cerco|compro|scrivetemi in privato|scrivimi in privato|al grammo|sell|selling|buy)",
    "DOC": r"(?:carta d identita|carta di identita|cie|document[oi]|patent[ei]|passaport[oi]|permess[oi] di soggiorno"
           r"|certificat[oi]|contrassegn[oi]|green pass|tesser[ae]|librett[oi]|diplom[ai]|laure[ae]|ricett[ae]"
           r"|timbr[oi]|badge|tagliand[oi]|marc[ah]e? da bollo|ids?|passports?|licen[cs]es?)",
    "FAKE": r"(?:fals[oaie]|fotocopiat[oaie]|contraffatt[oaie]|taroccat[oaie]|clonat[oaie]|fint[oaie]|fasull[oaie]"
            r"|farlocc[oaie]|fake|forged)",
    "CONTENT": r"(?:film|serie|serie tv|partit[ae]|match|matches|movie|movies|libr[io] di testo|libr[io]|manual[ei]"
               r"|epub|mobi|mp4|mkv|avi|audiolibr[oi]"
               r"|album|canzoni|musica|mp3|ebook|fumetti|puntat[ae]|episodi|stagion[ei]|dispens[ae]|canali)",
}


# A question about a procedure ("serve un permesso?", "devo pagare l'IMU?"): the citizen asks the office about
# selling a house or collecting for the street lights, they are not advertising or appealing to anyone.
PROCEDURAL_QUESTION = (r"\b(?:dev[oe]|devono|dobbiamo|come|serve|servono|posso|possiamo|puo|quando|bisogna|imu"
     r"|tari|tasse|pratica|permesso|autorizzazione|rogito|notaio|passaggio|legale|regolare|consentito)\b[^?]*\?")


def expand(pattern: str) -> str:
    for _ in range(3):  # macros may use macros
        pattern = re.sub(r"<([A-Z_0-9]+)>", lambda m: MACROS[m.group(1)], pattern)
    return pattern
