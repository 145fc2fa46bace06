"""Safe contexts: when words that look like a violation are not one.

- Places and surnames that look rude (via Troia, Bastardo, the Finocchio district, the avv. Finocchiaro) — but never
  when the citizen disguised the word: nobody writes a town as "tr0ia".
- Idioms: "ammazzare il tempo", "bomba d'acqua", "sparare i fuochi", "bombardato di messaggi", "è morto" (a lamp).
- Quoting in order to report: "mi hanno scritto 'ti ammazzo' sul muro", "mi è arrivato un SMS con questo link, è
  vostro?". The citizen is the victim or the witness, not the author.
- Giving to an official channel ("il Comune ha aperto un conto ufficiale? vorrei donare") is not an appeal for money.
- Going to law ("vi faccio causa", "vi mando il conto del gommista") is a right, not a threat: the model's reading
  of it as a threat may only reinforce the rules.
- Telling the office about someone else's wrongdoing ("vi segnalo che…") is not an offer: the model's reading of
  it as illegal may only reinforce the rules.
"""

from __future__ import annotations

import re

from sportello.moderation.screening.normalize import NormText
from sportello.moderation.screening.types import Category
from sportello.textkit import fold
from sportello.textkit.normalize import normalize_apostrophes

# A word after these is a place or a person's name.
_STRONG_CUES = frozenset(
    "via viale piazza piazzale corso largo vicolo vico strada frazione localita loc borgo contrada provincia comune "
    "cavallo abito abitiamo abita vivo viviamo vive nato nata nati residente residenti trasferito trasferita "
    "trasferisco trasferiamo paese zona quartiere stazione uscita casello direzione signor signora sig sigra dott "
    "dottor dottoressa avv avvocato avvocata geom ing arch prof famiglia cognome rio riserva".split()
)
_WEAK_CUES = frozenset("a ad da di in per verso tra fra dal del nel al".split())

_IDIOMS: list[tuple[re.Pattern[str], frozenset[Category]]] = [
    (re.compile(p), frozenset(cats))
    for p, cats in [
        (r"ammazz\w* (?:il|un po di) tempo|ammazz\w* (?:la|l) (?:noia|attesa)|kill(?:ing)? time",
         [Category.THREAT]),
        (r"bomb[ae] d acqua|bomb[ae] di (?:calorie|acqua)|(?:e|era|sono) (?:una|delle) bomb[ae]", [Category.THREAT]),
        (r"spar\w* (?:i |dei |gli )?(?:fuochi|botti|petardi|mortaretti)|fuochi d artificio", [Category.THREAT]),
        ((r"bombardat\w* di|mort[oaie] di (?:fame|sonno|freddo|caldo|stanchezza|noia|paura|risate)|da morire"
          r"|(?:e|sono|si e) (?:mort[oaie]|saltat[oaie])"), [Category.THREAT]),
        # "scusate se vi uccido di domande", "ti ammazzo di baci": flooding someone with questions or kisses
        (r"(?:ammazz|uccid|stermin)\w* di (?:baci|coccole|domande|messaggi|mail|email|telefonate|chiamate|richieste)",
         [Category.THREAT]),
    ]
]

# Harm predicted for nobody in particular, by things or people in the third person ("quelle moto prima o poi
# ammazzano qualcuno", "ci scappa il morto"): a safety warning about traffic or a loose tile, not a threat.
_SAFETY_WARNING = re.compile(
    r"\b(?:ammazza|ammazzano|ammazzera|ammazzeranno|uccide|uccidono|uccidera|uccideranno|investe|investono"
    r"|investira|investiranno|travolge|travolgono|ferisce|feriscono|fa male a|fanno male a|will kill|will hurt)"
    r" (?:qualcuno|qualche \w+|un (?:bambino|pedone|ciclista|anziano|passante|ragazzo)|una persona|someone|somebody)\b"
    r"|\bci (?:scappa|scappera) (?:il morto|la disgrazia|la tragedia)\b|\bsomeone (?:will|is going to) get (?:killed|hurt)\b"
)

# A citizen telling the office about someone else's wrongdoing ("vi segnalo che al mercato caricano ragazzi per i
# campi senza contratto"): the words of an illegal offer, said to have it stopped. Not "tanto nessuno controlla",
# which is how offenders talk.
_REPORTS_WRONGDOING = re.compile(
    r"\b(?:segnal(?:o|are|ato|ata|azione|iamo|ando)|ho denunciato|abbiamo denunciato|vorrei denunciare"
    r"|voglio denunciare|sporg\w* denuncia|fatto denuncia|faccio presente|volevo avvisar\w*)\b"
    r"|\b(?:potete|potreste|dovreste|venite a|mandate qualcuno a) (?:controllare|intervenire|verificare|mandare)\b"
    r"|\b(?:intervenite|per favore controllate|controllate voi|fate (?:qualcosa|un controllo|dei controlli))\b"
    r"|\bi want to report\b|\bplease (?:check|do something|send someone)\b"
)

# Going to law, a lawyer or the authorities is a citizen's right, not a threat: "se non sistemate la buca entro
# lunedì vi faccio causa", "vi mando il conto del gommista", "vado dai carabinieri".
_LEGAL_RECOURSE = re.compile(
    r"\b(?:(?:vi|ti|la|lo|li|le) (?:faccio|facciamo|faro) causa|faccio causa"
    r"|(?:vi|ti|la|lo|li|le) (?:denuncio|denunciamo|querelo|quereliamo)"
    r"|(?:vi|ti|la|lo|li|le) (?:porto|portiamo) (?:in tribunale|davanti al giudice|in causa)"
    r"|(?:chiedo|chiedero|chiediamo) (?:i danni|il risarcimento|un risarcimento)"
    r"|(?:vi|ti) mand\w* il conto|ricorso (?:al tar|al giudice|al prefetto)|(?:mio|un|l) avvocato"
    r"|difensore civico|esposto|class action"
    r"|(?:vado|andro|andiamo) (?:dai carabinieri|in procura|dal giudice|dal prefetto|alla corte dei conti)"
    r"|i will sue|(?:take|taking) you to court|my lawyer)\b"
)

# Where one of these contexts is found, the model's reading of its category may only reinforce the rules.
_EXPLAINS: list[tuple[re.Pattern[str], Category]] = [
    (_SAFETY_WARNING, Category.THREAT),
    (_LEGAL_RECOURSE, Category.THREAT),
    (_REPORTS_WRONGDOING, Category.ILLEGAL),
]

_QUOTE_RES = [
    re.compile(r'"[^"\n]{1,300}"'),
    re.compile(r"«[^»\n]{1,300}»"),
    re.compile(r"“[^”\n]{1,300}”"),
    # single quotes: opened after a space or a colon, closed before a space or punctuation; elisions inside survive
    re.compile(r"(?:(?<=^)|(?<=[\s:(]))'((?:[^'\n]|(?<=\w)'(?=\w)){1,300}?)'(?=[\s.,;:!?)]|$)"),
]
_REPORT_CUES = re.compile(
    r"\b(?:scritt[oaie]|scrivono|detto|dett[oa]|dicendo|dice|dicono|urlat[oa]|urlava|gridat[oa]|gridava|insultat\w*"
    r"|minacciat\w*|minaccia|ricevut[oaie]|arrivat[oaie]|sms|messaggi?o?|e ?mail|volantin[oi]|graffit[io]|muro"
    r"|saracinesca|cartell[oi]|scritte|frasi|wrote|written|said|received|text message)\b"
)
_REPORT_VERBS = frozenset(
    "scritto scritta scritte scrivono detto dicendo urlato urlava gridato gridava insultato insultata apostrofato "
    "wrote written said yelled shouted".split()
)
# "mi ha dato dello stronzo", "mi ha chiamato cretino": these verbs report an insult only right before it.
_NAMING_VERBS = frozenset("dato data dati chiamato chiamata chiamati called".split())
_NAMING_ARTICLES = frozenset("del dello della dei degli delle".split())
_ASKS_GENUINE = re.compile(
    r"\b(?:e|sono) (?:vostr[oai]|una truffa|affidabil[ei]|sicur[oa]|attendibil[ei]|ufficial[ei]|ver[oa]|legit)"
    r"|\b(?:phishing|truffa \?|siete voi|l avete mandat\w* voi|lo avete mandat\w* voi|posso fidarmi|devo cliccare"
    r"|is this (?:yours|legit|real|a scam)|is it (?:yours|legit|real|a scam))\b"
)
_RECEIVED = re.compile(r"\b(?:arrivat[oaie]|ricevut[oaie]|mandat[oaie]|sms|messaggio|mail|email|received|got a)\b")
_DONOR = re.compile(
    r"\b(?:vorrei|voglio|vorremmo|posso|possiamo|come (?:posso|possiamo|si puo|si fa a)|dove (?:posso|si puo)"
    r"|i want to|how can i) (?:donare|fare una donazione|contribuire|dare una mano|aiutare|donate|help)\b"
    r"|\bconto (?:ufficiale|corrente ufficiale|del comune|comunale)\b"
    r"|\b(?:il comune|la protezione civile|la regione) ha (?:aperto|attivato|promosso|organizzato)\b"
    r"|\b(?:raccolta|conto|donazioni|colletta)(?: \S+){0,6} (?:del|dal|dalla|della) (?:comune|protezione civile"
    r"|regione|prefettura)\b"
    # Asking whether a collection is genuine: a would-be donor checking, not an appeal.
    r"|\b(?:raccolta|colletta|donazioni|beneficenza|lotteria|sottoscrizione)\b(?: \S+){0,10} (?:e|sono|la fa|la fanno)"
    r" (?:davvero|veramente|autorizzat\w*|ufficial\w*|regolar\w*|vera|vere|una truffa)\b(?: \S+){0,8} \?"
)
# The citizen talks about a link they were sent or cannot open: they are not the one spreading it.
_LINK_TROUBLE = re.compile(
    r"\b(?:non (?:funziona|si apre|va|carica|mi si apre|riesco ad aprir\w*)|da errore|(?:che|il) (?:link|sito)"
    r" (?:che )?(?:avete|ci avete|mi avete) (?:mandato|inviato|pubblicato|messo)|doesn t (?:work|open))\b"
)


def proper_noun_reason(doc: NormText, i: int) -> str:
    """Why token i is a place or a person's name ("" when it is not)."""
    tok = doc.tokens[i]
    if tok.obfuscated:
        return ""
    prev = [t for t in doc.tokens[max(0, i - 2):i] if t.kind in ("word", "num")]
    if any(t.norm in _STRONG_CUES for t in prev):
        return f"place or name after '{prev[-1].norm}'"
    if not tok.title:
        return ""
    nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    if prev and prev[-1].norm in _WEAK_CUES:
        return f"capitalised after '{prev[-1].norm}': a place"
    if nxt is not None and nxt.kind == "word" and nxt.title:
        return "part of a capitalised name"
    if not tok.sent_start:
        return "capitalised mid-sentence: a proper noun"
    return ""


def explained_categories(doc: NormText) -> frozenset[Category]:
    """The categories the message's context explains (a safety warning, going to law, a report of wrongdoing)."""
    return frozenset(category for regex, category in _EXPLAINS if regex.search(doc.joined))


def idiom_ranges(doc: NormText) -> list[tuple[int, int, frozenset[Category]]]:
    out = []
    for regex, cats in _IDIOMS:
        for m in regex.finditer(doc.joined):
            i, j = doc.token_range(m.start(), m.end())
            out.append((i, j, cats))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    flat = normalize_apostrophes(text)  # same length: one character for one
    return [m.span() for regex in _QUOTE_RES for m in regex.finditer(flat)]


def reported(doc: NormText, i: int, j: int, quotes: list[tuple[int, int]]) -> str:
    """Why tokens [i, j) are words the sender quotes or reports rather than says ("" when they say them)."""
    start, end = doc.span(i, j)
    for qs, qe in quotes:
        if qs <= start and end <= qe:
            outside = doc.original[:qs] + " " + doc.original[qe:]
            if _REPORT_CUES.search(_fold_for_cues(outside)):
                return "quoted to report it"
    # "c'è scritto STRONZO sul muro", "scritte razziste tipo fuori i …": a reporting verb a few words before, in the
    # same clause (a comma ends it: "mi avete detto di aspettare, cazzo!" is the sender speaking).
    for k in range(i - 1, max(-1, i - 7), -1):
        tok = doc.tokens[k]
        if tok.kind == "punct" and tok.norm != ":":
            break
        if tok.norm in _REPORT_VERBS:
            return f"reported speech after '{tok.norm}'"
        if tok.norm in _NAMING_VERBS and (k == i - 1 or (k == i - 2 and doc.tokens[k + 1].norm in _NAMING_ARTICLES)):
            return f"reports being called so ('{tok.norm}')"
    return ""


def asks_if_genuine(doc: NormText) -> bool:
    """"Mi è arrivato un SMS con questo link: è vostro?" — the link is shown to check it, not to spread it."""
    return bool(_ASKS_GENUINE.search(doc.joined) and _RECEIVED.search(doc.joined))


def mentions_received_message(doc: NormText) -> bool:
    return bool(_RECEIVED.search(doc.joined))


def link_trouble(doc: NormText) -> bool:
    return bool(_LINK_TROUBLE.search(doc.joined))


def donor_intent(doc: NormText) -> bool:
    return bool(_DONOR.search(doc.joined))


def _fold_for_cues(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text))
