"""Fundraising: private appeals for money."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import PROCEDURAL_QUESTION, F, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(F, "fundraiser", r"raccolt[ae] (?:fondi|di fondi|soldi|offerte|di denaro|benefica)|colletta|crowdfunding"
     r"|gofundme|go fund me|fundrais\w*", 0.65, unless=PROCEDURAL_QUESTION)
_add(F, "collecting", r"(?:si raccolgono|raccogliamo|raccolgo|raccoglie|raccolgono|stiamo raccogliendo"
     r"|raccogliendo) (?:soldi|offerte|fondi|denaro|contributi|donazioni)", 0.6, unless=PROCEDURAL_QUESTION)
_add(F, "donate", r"donate|donateci|donatemi|dona ora|doniamo|contribuiamo|facciamo una colletta"
     r"|fate una donazione|fai una donazione|contribuite|donazioni (?:al|a|su|sul|tramite|con|via)"
     r"|sostenete (?:la raccolta|la causa|il progetto)|please donate|any amount", 0.5, unless=PROCEDURAL_QUESTION)
_add(F, "help_with_money", r"aiutat(?:eci|emi) (?:con|economicamente|a pagare|a raccogliere|anche con)"
     r"|servono soldi|mi serv(?:ono|irebbero) (?:\d+ (?:euro|eur)|soldi|dei soldi)|chi mi (?:aiuta|puo aiutare"
     r"|presta|da una mano)|aiutiamo (?:la famiglia|il piccolo|la piccola|i bambini|una famiglia|una mamma"
     r"|un papa|la signora|il signor)|chi (?:puo|potesse|vuole)(?: mi)? (?:faccia|fare|mandi|mandare|dia|dare"
     r"|donare|aiutare|aiutarmi|contribuire)|aiutat(?:eci|emi)<GAP6> (?:pagare|soldi|euro|bollett\w*|affitto"
     r"|spesa|cure)|ho bisogno di \d+ (?:euro|eur)|contribuire alle spese|(?:sono rimast[oa]"
     r"|siamo rimasti) senza (?:soldi|un euro|un soldo)|non ho (?:piu )?(?:soldi|un euro|un soldo)|(?:qualcuno"
     r"|chi) mi (?:fa|faccia|puo fare|manda|mandi) (?:una )?ricarica|(?:vi )?chiedo (?:un )?aiuto (?:economico"
     r"|per)|(?:qualcuno|chi) (?:puo|potrebbe|potesse|vuole) aiutarmi (?:con|economicamente|a pagare)|(?:vorrei"
     r"|mi servono|mi servirebbero|ho bisogno di) (?:dei |un po di )?soldi|servono fondi|ci servono (?:soldi"
     r"|fondi)|non abbiamo (?:i )?soldi per|(?:pagare|coprire) (?:le spese|le cure|l operazione|il funerale"
     r"|il veterinario)|please help (?:me|us) (?:with|pay|raise)", 0.35)
_add(F, "small_amount", r"anche (?:solo )?(?:di )?(?:\d+|pochi|qualche|un paio di) (?:euro|eur)|anche (?:poco"
     r"|pochissimo|una piccola cifra|un piccolo contributo)|qualsiasi (?:cifra|somma|offerta)|ogni (?:euro"
     r"|centesimo|piccolo aiuto|contributo) (?:conta|e prezioso|aiuta)|anche un piccolo (?:contributo|aiuto"
     r"|gesto)|every (?:euro|dollar|cent) (?:counts|helps)", 0.4)
_add(F, "payment_channel", r"paypal|satispay|postepay|poste pay|ricaric\w* (?:la )?(?:postepay|carta|paypal)"
     r"|ricarica (?:postepay|sulla carta)|numero della (?:carta|postepay)", 0.35, boost=True)
_add(F, "topup", r"ricaric\w*(?: \S+){0,2} (?:postepay|paypal|sulla carta|carta prepagata)", 0.45)
_add(F, "charity_raffle", r"beneficenza|lotteria|riffa|sottoscrizione a premi|il ricavato (?:va|andra"
     r"|sara devoluto)|i soldi (?:vanno|andranno|raccolti)", 0.35, unless=PROCEDURAL_QUESTION)
_add(F, "lend_me", r"(?:qualcuno|chi) (?:mi )?(?:presta|presterebbe|prestasse|puo prestare"
     r"|puo prestarmi) (?:\d+ (?:euro|eur)|soldi|dei soldi|qualcosa)|prestito (?:tra privati|da privati)", 0.55)
_add(F, "help_someone", r"(?:aiutate|aiutiamo|aiutatela|aiutatelo|aiutateli|sosteniamo"
     r"|sostenete) (?:\S+ ){0,2}?(?:mamma|famiglia|bambin[oai]|signor[ae]?|ragazz[oai]|papa|anzian[oaie]|persona"
     r"|vedova|malat[oaie]|squadra|associazione|canile|gattile|parrocchia|progetto|causa|colonia|rifugio)"
     r"|servono \d+ (?:euro|eur)", 0.35)
_add(F, "pass_it_on", r"fate girare|passate parola|condividete|diffondete|condividi|share", 0.2, boost=True)
_add(F, "blessing", r"dio ve ne rendera merito|che dio vi benedica|grazie a chi (?:potra|vorra) (?:aiutare"
     r"|donare|contribuire)|dio vi benedica", 0.25, boost=True)
_add(F, "causale", r"causale|bonifico (?:a|su|sull|sul)|intestat[oa] a (?:comitato|associazione|parrocchia|onlus"
     r"|asd|gruppo)", 0.2, boost=True)
