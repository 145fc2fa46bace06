"""Hate: slurs, and a group plus a dehumanising or exclusionary claim in the same sentence."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import H, Term, adder
from sportello.moderation.screening.lexicons.words import HATE_WORDS

TERMS: list[Term] = []
_add = adder(TERMS)

_FOOD = (r"\b(?:mens[ae]|menu|crud[oi]|cott[oi]|insalat\w*|verdur\w*|mangi\w*|ricett\w*|piatt[oi]|gratin\w*|orto"
         r"|semi|tisan\w*|pranzo|cena|contorn[oi]|zuppa|mercato|kg|chilo|fennel)\b")

for _name, _pat, _w, _proper in HATE_WORDS:
    _add(H, _name, _pat, _w, proper=_proper)

_HATE_CLAIM = (
    r"(?:rubano|sporcano|puzzano|spacciano|delinquono|stuprano|violentano|ci invadono|invadono|ci rubano|non lavorano"
    r"|vivono alle nostre spalle|fanno schifo|comandano|controllano|hanno in mano|non capiscono (?:niente|nulla"
    r"|un cazzo)(?! (?:di|dei|del|della|delle|degli|dell|d|in|su|sul|sulla|quando))|non sanno fare niente"
    r"|portano malattie|sono (?:tutti )?(?:uguali|ladri|delinquenti|criminali"
    r"|terroristi|parassiti|sporchi|bestie|animali|scimmie|feccia|stupratori|spacciatori|inutili|un peso|una piaga"
    r"|mafiosi|truffatori|violenti|ubriaconi|drogati|zozzi|puzzolenti|fannulloni|approfittatori"
    r"|un cancro|inferiori|malati|dei parassiti|degli animali|delle bestie|dei delinquenti|dei ladri"
    r"|dei criminali|contro natura|una malattia|pericolosi|tutti uguali|una vergogna|la rovina|il male"
    r"|un pericolo|una minaccia|un problema|un costo|un costo inutile|un danno|la feccia|spazzatura|merda)"
    r"|non servono a (?:niente|nulla)|non valgono (?:niente|nulla)|portano (?:solo )?(?:problemi|malattie|degrado"
    r"|delinquenza|criminalita|guai|sporcizia)|(?:andate|andassero|vadano) (?:a vivere )?(?:altrove|via|fuori)"
    r"|andatevene|(?:e|sono) (?:uno|degli|un|una)"
    r" schif\w*|vanno curati|non dovrebbero (?:adottare|sposarsi|esistere|avere figli|insegnare|lavorare|stare|vivere"
    r"|entrare|votare)|non (?:li|le) (?:voglio|vogliamo) (?:qui|nel|nella|vicino|in|nel palazzo|nel quartiere)"
    r"|(?:tornassero|tornino|tornate|tornatevene|rimandateli|rimandarli|rimandiamoli"
    r"|rispediteli|rispedirli|rispediamoli|cacciateli|cacciarli|cacciamoli|buttateli|rimpatriateli|rimpatriarli)"
    r"(?: (?:tutti|fuori|via|a casa|in \w+|al loro paese|a casa loro))?|di merda|vanno eliminati"
    r"|(?:andrebbero|vanno|devono essere|dovrebbero essere) (?:tutti )?(?:eliminati|cacciati|espulsi|rimpatriati"
    r"|rispediti|deportati|chiusi|sterminati)"
    r"|(?:chiudete|chiudere|chiudetegli|boicottate) (?:i loro|le loro) (?:negozi|locali|moschee|attivita|chiese)"
    r"|(?:they )?are (?:all )?(?:criminals|animals|thieves|terrorists|parasites|useless|dirty|lazy|disgusting)"
    r"|should not (?:work|live|be allowed|be hired|vote)|go back to (?:your|their) country|steal everything"
    r"|kick them out|send them (?:home|back)|should be (?:deported|expelled|kicked out|banned)|get rid of them)"
)
_add(H, "group_claim", r"<GROUP><GAP20> " + _HATE_CLAIM, 0.8)
_add(H, "claim_group", r"(?:fuori|via|basta con|basta) (?:gli|i|le|tutti gli|tutti i|tutte le|questi"
     r"|sti) <GROUP>|(?:sporc[hio]|lurid[io]|maledett[io]) <GROUP>|<GROUP> (?:maledett[ieoa]|schifos[ieoa]"
     r"|bastard[ieoa]|di merda|del cazzo|infami|lurid[ieoa]|sporc[hieoa]+|zozz[ieoa]|puzzolenti)|(?:terroristi"
     r"|criminali|delinquenti|ladri|parassiti|stupratori|animali|bestie|scimmie) <GROUP>|non (?:dovete |bisogna "
     r"|si deve |si devono )?(?:affittate|affittare|date|dare|assumete|assumere|vendete|vendere|fate entrare"
     r"|far entrare|accettate|accettare)(?: \S+){0,4}? (?:a|ai|agli|alle) <GROUP>|(?:che schifo|fanno schifo"
     r"|mi fanno schifo)(?: \S+){0,2}? <GROUP>", 0.75)
_add(H, "deny_benefits", r"<GROUP><GAP12> (?:non dovrebbero|non devono|non meritano|non dovete dare"
     r"|niente) (?:avere |ricevere |prendere |ottenere )?(?:la priorita|le case|la casa|il lavoro|aiuti"
     r"|i sussidi|niente|nulla|il posto|i contributi|i bonus)", 0.6)
_add(H, "unfit_roles", r"<GROUP><GAP6> non (?:dovrebbero|devono|possono) (?:fare|diventare) (?:i|le"
     r"|gli) (?:maestr\w*|insegnant\w*|educator\w*|medic\w*|vigil\w*|poliziott\w*|politic\w*|genitori|sindac\w*)",
     0.6)
_add(H, "us_first", r"prima i nostri|prima noi|prima gli italiani", 0.3, boost=True)
_add(H, "keep_apart", r"non (?:voglio|vogliamo|volete)(?: \S+){0,6}? (?:con|vicino a|vicino ai|vicino agli"
     r"|accanto a|insieme a|insieme ai|insieme agli)(?: \S+){0,3}? <GROUP>", 0.6)
_add(H, "full_of_group", r"(?:pien[oaie]|invas[oaie]|infestat[oaie]) di <GROUP>", 0.3, boost=True)
_add(H, "italians_first", r"prima gli italiani|(?:solo|tutto) (?:agli|ai|alle) <GROUP>,? (?:e )?(?:agli"
     r"|ai) italiani (?:niente|nulla|mai)|agli italiani (?:niente|nulla)|sostituzione etnica"
     r"|razz[ae] inferior[ei]|invasione (?:di|degli|dei)", 0.6)
_add(H, "fennel_slur", r"(?:<DIRECT>|i|quei|sti|da) finocch(?:io|i)|finocch(?:io|i) (?:di merda|che)",
     0.8, unless=_FOOD, proper=True)
_add(H, "fennel", r"finocch(?:io|i)", 0.3, unless=_FOOD, proper=True, boost=True)
_add(H, "disability_insult", r"<DIRECT> (?:ritardat[oaie]|handicappat[oaie]|mongoloid[ei]|spastic[oi]|down)", 0.7)
_add(H, "en_go_back", r"go back to (?:your|their|where) (?:country|home|you came from)", 0.8)
