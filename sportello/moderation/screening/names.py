"""People mentioned in a message, and whose they are: the sender, a relative the sender speaks for, or someone else.

Personal data is only a violation when it is a third party's, and an accusation is only defamation when it names
someone, so both detectors start here. A person is a capitalised first name (with a surname), an honorific or a role
followed by a capitalised name ("la maestra Daniela Russo", "il consigliere Pavan"), or a surname at the start of a
sentence followed by "dell'ufficio …". Street and school names ("via Alessandro Volta", "scuola Montessori") are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sportello.moderation.screening.normalize import NormText
from sportello.textkit import fold

# Common Italian first names (and a few frequent among residents of foreign origin). Only capitalised tokens are
# looked up, so names that are also words (Rosa, Franco, Chiara) are harmless in lower case.
FIRST_NAMES = frozenset("""
alessandro alessandra alberto alberta aldo alessio alfredo alice alida amedeo andrea angela angelo anna annalisa
antonella antonietta antonio arianna arturo assunta aurora barbara beatrice benedetta benito bernardo bianca
bruna bruno camilla carla carlo carmela carmelo carmen carolina caterina cecilia cesare chiara claudia claudio
concetta corrado cosimo cristian cristiana cristina daniela daniele dario davide debora denis denise diego dino
domenico donatella donato edoardo elena eleonora elisa elisabetta emanuela emanuele emilio emma enrico enza enzo
erika ermanno ettore eugenio fabio fabrizio fabrizia federica federico fernando filippo fiorella flavia flavio
francesca francesco franco gabriele gabriella gaetano gennaro giacomo giada gianluca gianni giacinta gilberto
gino giorgia giorgio giovanna giovanni giulia giuliana giuliano giulio giuseppe giuseppina gloria graziella
grazia guido ilaria irene iris isabella ivan ivano ivana jacopo laura lorena lorenzo loris luana luca lucia
luciano luigi luisa manuela marcello marco margherita maria mariangela marina mario marisa marta martina massimo
matilde matteo maurizio mauro michela michele mirella mirko monica nadia nicola nicoletta noemi nunzia orazio
ornella paola paolo patrizia patrizio piero pietro pierluigi pasquale raffaele raffaella renato renata riccardo
rita roberta roberto rocco romano rosa rosalba rosanna rosaria rosario rossella ruggero sabrina salvatore
samuele sandra sandro sara sergio silvana silvia silvio simona simone sofia stefania stefano teresa tiziana
tiziano tommaso ugo valentina valentino valeria valerio vanessa vincenzo virginia vittoria vittorio walter wanda
yuri zoe ahmed mohamed fatima olga svetlana ana ion elena ivo ida ada adele agnese agostino alba albino amalia
ambra amelia anselmo antonino armando arnaldo attilio augusto aurelio bartolomeo battista beniamino bernadette
bettina biagio bonaria calogero camillo carmine cinzia clara clelia costanza cristoforo damiano dante delia
diana dora egidio elio eliana elvira emiliano emilia enea erminia ernesto ester eva evelina ezio fausto federico
ferdinando filomena fiorenzo flora franca fulvio gaia gemma gerardo germano giancarlo gianfranco giampiero
gianpaolo gigi gino gioele giordano giovanni giuditta graziano guglielmo ignazio igor ines ippolito lamberto
lara leandro leonardo letizia lia liliana lino livia loredana luciana lucio ludovica luigia lidia maddalena
mafalda manlio manuel mara marcella mariagrazia marianna mariano marilena marino marzia massimiliano melissa
michelangelo milena mirco moreno nando natalia nicolo nino nives norma oreste oriana osvaldo ottavio pamela
pasqualina piera pierina pino raimondo remo riccarda rino roberto rocco rodolfo rolando romeo romina rosetta
rossana sabino salvo saverio sebastiano selene serafino severino sonia susanna tamara tatiana tecla teodoro tina
tullio umberto ugo valter veronica vilma viola violetta vito walter zaira nadia omar karim youssef ali hassan
amina samir kevin jessica alessia asia beatrice chiara elisa giorgia martina noemi rebecca sofia
""".split())

HONORIFICS = frozenset(
    "signor signore signora sig sigra sigg dott dottor dottore dottoressa avv avvocato avvocata geom geometra ing "
    "ingegnere arch architetto prof professore professoressa maestra maestro don suor mr mrs ms miss rag "
    "ragioniere".split()
)
ROLES = frozenset(
    "sindaco sindaca vicesindaco vicesindaca assessore assessora consigliere consigliera comandante vigile "
    "vigilessa agente dirigente funzionario funzionaria impiegato impiegata segretario segretaria responsabile "
    "direttore direttrice preside tecnico ispettore ispettrice maresciallo parroco medico commissario operatore "
    "operatrice bidello bidella autista postino mayor councillor officer".split()
)
OTHERS = frozenset(
    "vicino vicina vicini inquilino inquilina tizio tizia collega proprietario proprietaria ex compagna compagno "
    "cognato cognata amico amica ragazzo ragazza chiama chiamano certo certa nome cognome".split()
)
RELATIVES = frozenset(
    "madre padre mamma papa babbo figlio figlia figli figlie marito moglie nonno nonna fratello sorella zio zia "
    "suocero suocera nipote genero nuora bambino bambina bimbo bimba compagno compagna mother father son daughter "
    "husband wife".split()
)
# A capitalised word after these is a street, a school or a landmark, not a person.
PLACE_WORDS = frozenset(
    "via viale piazza piazzale corso largo vicolo vico strada scuola primaria media liceo istituto nido asilo parco "
    "ospedale teatro museo biblioteca stadio ponte chiesa san santa sant santo palazzo torre porta villa giardino "
    "giardini centro fondazione associazione premio festival rotonda galleria monumento lungomare borgo frazione "
    "cappella cimitero quartiere zona localita contrada comune provincia regione lago monte fiume bar pizzeria "
    "ristorante hotel albergo farmacia".split()
)
_CUES = HONORIFICS | ROLES | OTHERS
_OFFICE = re.compile(r"(?:dell|del|della|dei|degli|allo|all|al|alla) (?:ufficio|uffici|comune|anagrafe|polizia"
                     r"|vigili|tributi|urp|sportello|servizi|biblioteca|comando|municipio|scuola|asl)")
_SELF_BEFORE = re.compile(r"(?:^| )(?:sono|mi chiamo|io sono|sottoscritt[oa]|firmato|a me|i am|my name is)"
                          r"(?: l| il| la| io| l avv| avv| dott| dottor| dottoressa| geom| ing| arch| prof)?"
                          r"(?: ,| :)? ?$")
_FIRST_PERSON = frozenset("mio mia miei mie mi".split())
_PARTICLES = frozenset("de di del della da dal la lo le van von d".split())


@dataclass(frozen=True)
class Person:
    start: int   # token indices [start, end)
    end: int
    name: str    # as written
    kind: str    # self, relative, other
    cue: str     # first name, honorific, role, office


def people(doc: NormText, sender_name: str | None = None) -> list[Person]:
    toks = doc.tokens
    found: list[Person] = []
    i = 0
    while i < len(toks):
        person = _person_at(doc, i)
        if person is None:
            i += 1
            continue
        start, end, cue = person
        found.append(Person(start, end, doc.text(start, end), _kind(doc, start, end, sender_name), cue))
        i = end
    return found


def _is_name_token(doc: NormText, i: int) -> bool:
    tok = doc.tokens[i]
    return tok.kind == "word" and tok.title and len(tok.norm) > 1 and not tok.norm.isdigit()


def _extend(doc: NormText, i: int) -> int:
    """End of the capitalised name starting at token i ("Maria Antonietta Porcu", "De Luca")."""
    j, toks = i + 1, doc.tokens
    while j < len(toks) and j - i < 4:
        if _is_name_token(doc, j) and not toks[j].sent_start:
            j += 1
        elif toks[j].norm in _PARTICLES and j + 1 < len(toks) and _is_name_token(doc, j + 1):
            j += 2
        else:
            break
    return j


def _person_at(doc: NormText, i: int) -> tuple[int, int, str] | None:
    toks = doc.tokens
    tok = toks[i]
    prev = toks[i - 1].norm if i else ""
    if prev in PLACE_WORDS:
        return None
    nxt_is_name = i + 1 < len(toks) and _is_name_token(doc, i + 1)
    if tok.norm in _CUES and nxt_is_name and toks[i + 1].norm not in PLACE_WORDS:
        cue = "honorific" if tok.norm in HONORIFICS else "role" if tok.norm in ROLES else "relation"
        return i + 1, _extend(doc, i + 1), cue
    if _is_name_token(doc, i) and tok.norm in FIRST_NAMES:
        end = _extend(doc, i)
        if end > i + 1 or not tok.sent_start:
            return i, end, "first name"
    # "Bianchi dell'ufficio tributi …": a surname opening the sentence, then the office
    starts_sentence = _is_name_token(doc, i) and tok.sent_start and i + 1 < len(toks)
    if starts_sentence and _OFFICE.match(doc.joined, doc.offsets[i + 1]):
        return i, i + 1, "office"
    return None


def _kind(doc: NormText, start: int, end: int, sender_name: str | None) -> str:
    if sender_name and _same_person(doc.text(start, end), sender_name):
        return "self"
    before = doc.joined[max(0, doc.offsets[start] - 40):doc.offsets[start]]
    # skip the honorific or role that introduced the name ("sono l'avv. Finocchiaro")
    if _SELF_BEFORE.search(before.rstrip() + " ") or _SELF_BEFORE.search(_strip_last_word(before)):
        return "self"
    # "mia madre, Maria …", "sono la figlia del signor Antonio": a relative the sender speaks for
    window = [t.norm for t in doc.tokens[max(0, start - 6):start]]
    for k, word in enumerate(window):
        if word in RELATIVES and (_FIRST_PERSON & set(window[max(0, k - 2):k]) or "sono" in window[:k]):
            return "relative"
    return "other"


def _strip_last_word(text: str) -> str:
    parts = text.rstrip().rsplit(" ", 1)
    return (parts[0] + " ") if len(parts) == 2 else ""


def _same_person(written: str, sender_name: str) -> bool:
    # Two shared words ("Maria Rossi" in "Maria Grazia Rossi"); a lone first name ("Mario") proves nothing.
    a, b = set(fold(written).split()), set(fold(sender_name).split())
    return len(a & b) >= 2
