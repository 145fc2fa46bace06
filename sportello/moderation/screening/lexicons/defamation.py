"""Defamation: accusations of crimes or misconduct (the detector adds the named target)."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import D, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(D, "accused_of_crime", r"(?:e|sono|siete|sei|is|are) (?:un|una|uno|dei|degli|delle|solo|tutti|proprio|a"
     r"|an) ?(?:gran |grande )?(?:ladr[oaie]|corrott[oaie]|mafios[oaie]|camorrist[ai]|truffator[ei]"
     r"|truffatric[ei]|imbroglion[ei]|delinquent[ei]|criminal[ei]|evasor[ei]|ubriacon[ei]|alcolizzat[oaie]"
     r"|drogat[oaie]|cocainoman[ei]|pedofil[oaie]|assenteist[ai]|spacciator[ei]|strozzin[oi]|usurai[oa]"
     r"|collus[oaie]|vendut[oi]|razzist[aie]|fascist[aie]|nazist[aie]|tangentist[aie]|pregiudicat[oaie]"
     r"|molestator[ei]|stalker|disonest[oaie]|puttanier[ei]|bugiard[oaie]|sfruttator[ei]|abusiv[oaie]|thief"
     r"|thieves|crook|crooks|corrupt)", 0.45, role="accusation")
_add(D, "that_thief", r"quel(?:la|lo)? (?:ladr[oa]|corrott[oa]|mafios[oa]|truffator[ea]|delinquente|ubriacone"
     r"|drogat[oa]|imbroglione) (?:del|della|dell|di)", 0.45, role="accusation")
_add(D, "steals_money", r"(?:ruba|rubano|rubava|rubavano|intasca|intascano|si intasca|si intascano|si tiene"
     r"|si tengono|si teneva|si mangia|si mangiano|si pappa|si frega|si fregano|si mette in tasca|si spartiscono"
     r"|sottrae|si prende|si prendono|si prendeva|si e pres[oa]|si sono presi|(?:ha|hanno|si e|si sono) (?:rubat"
     r"|intascat|mangiat|pappat|fregat|tenut|mess[oaie] in tasca|spartit|sottratt|fatt|appropriat|comprat"
     r"|costruit)\w*) (?:tutti )?(?:i |il |la |le |dei |degli |delle |una |un )?(?:nostri )?(?:soldi|fondi"
     r"|denaro|rimborsi|contributi|villa|villetta|milioni|quattrini|tangenti|mazzette|soldi pubblici|cassa"
     r"|finanziamenti|euro|money|funds)", 0.45, role="accusation")
_add(D, "with_public_money", r"(?:coi|con i|con) (?:nostri )?soldi (?:del|dei|della|delle|degli|pubblici|nostri"
     r"|del comune)", 0.3, role="accusation")
_add(D, "bribes", r"(?:prende|prendono|prendeva|ha preso|intasca|chiede|chiedeva|si fa dare|riceve|accetta"
     r"|takes) (?:delle |le |una |la |i )?(?:mazzett[ae]|tangent[ie]|bustarell[ae]|pizzo|regali|soldi in nero"
     r"|bribes?)|(?:prende|prendono|prendeva|ha preso|si fa dare|riceve|riceveva|ha ricevuto|accetta"
     r"|intasca) (?:i )?(?:soldi|denaro|regali|favori) (?:da|dai|dagli|dalle|dalla|dal|in nero|sottobanco)"
     r"|(?:prende|prendono|prendeva|chiede|chiedeva|vuole|voleva|accetta|si fa dare) (?:i |dei )?(?:soldi|denaro"
     r"|regali|favori)<GAP6> per (?:chiudere un occhio|far passare|fare passare|firmare|velocizzare|dare"
     r"|rilasciare|approvare|sistemare|non vedere)", 0.5, role="accusation")
_add(D, "bribe_words", r"mazzett[ae]|tangent[ie]|bustarell[ae]|corrott[oaie]|corruzione", 0.3, role="accusation")
_add(D, "collusion", r"si fa(?:nno)? pagare per|(?:chiude|chiudono|ha chiuso|chiudeva) un occhio (?:su|sugli"
     r"|sulle|sul)|(?:copre|coprono|ha coperto) (?:gli )?(?:abusi|illeciti)|in combutta con|collus[oi] con"
     r"|in affari con (?:la mafia|i clan|la camorra|la ndrangheta|i boss)|(?:e|sono) (?:in mano|amic[oi]"
     r"|vicin[oi]) (?:alla|della|dei|ai|al) (?:mafia|camorra|ndrangheta|clan|boss)|vot[oi] di scambio"
     r"|compra(?:va)? (?:i )?voti|ha comprato (?:i voti|la laurea|il posto|il concorso|le elezioni)"
     r"|ha pagato per (?:farsi eleggere|vincere|essere elett[oa]|avere il posto|passare il concorso)",
     0.5, role="accusation")
_add(D, "misconduct", r"(?:truffa|truffano|ha truffato|imbroglia|ha imbrogliato|ricatta|ha ricattato|picchia"
     r"|ha picchiato|molesta|sfrutta|insabbia|ha insabbiato|spaccia|minaccia i"
     r"|timbra (?:il cartellino )?(?:e se ne va|per gli altri|e va)|non lavora mai|beve in servizio"
     r"|e sempre ubriac[oa]|guida ubriac[oa])|ha (?:un |una )?amante|(?:ha|hanno) (?:dato|trovato"
     r"|regalato) (?:un posto|il posto|lavoro|l appalto) (?:a|al|alla|all)|fa (?:le multe|i verbali|i controlli"
     r"|passare le pratiche) solo (?:a|agli|ai|alle|per)", 0.45, role="accusation")
_add(D, "forgery", r"(?:falsifica|falsificano|falsificava|ha falsificato|manipola|altera|trucca|gonfia|gonfiano"
     r"|inventa)(?: i| le| il| la| gli)? (?:verbali|documenti|firme|bilanci|conti|dati|multe|graduatorie|numeri"
     r"|gare|rimborsi|fatture|presenze)", 0.45, role="accusation")
_add(D, "rigged", r"(?:ha|hanno|avete) truccat[oaie]|truccat[oaie] (?:la gara|l appalto|il concorso|i conti"
     r"|il bando|le elezioni)|(?:gara|appalto|concorso|bando) truccat[oaie]|(?:ha|hanno) pilotat[oaie]",
     0.45, role="accusation")
_add(D, "hired_relatives", r"(?:ha|hanno) fatto (?:assumere|lavorare|entrare|vincere) (?:\S+ ){0,3}?(?:figli[oa]"
     r"|moglie|marito|cugin[oa]|cognat[oa]|nipote|amant[ei]|amic[oia]|fidanzat[oa]|parenti)|senza (?:concorso"
     r"|gara|bando)", 0.4, role="accusation")
_add(D, "fixed_fines", r"si e fatt[oa] (?:togliere|annullare|cancellare|stracciare) (?:le|la|i|il) (?:multe"
     r"|multa|verbali|verbale|sanzioni)|(?:toglie|annulla|cancella) le multe (?:agli|ai) (?:amici|parenti)",
     0.45, role="accusation")
_add(D, "misuse", r"(?:va|andava|gira|girava) in giro ubriac[oa]|guida ubriac[oa]|(?:usa|usava"
     r"|utilizza) (?:l auto|la macchina|i soldi|il telefono|la carta) (?:di servizio|del comune|pubblic[ao]) per"
     r"|auto (?:di servizio|blu) per (?:fatti|uso|affari) (?:suoi|personal\w*|privat\w*)",
     0.45, role="accusation")
_add(D, "favours_relatives", r"(?:favorisce|favoriscono|ha favorito|favoriva|aiuta sempre|sistema) (?:i |gli "
     r"|le )?(?:suoi |sue )?(?:parenti|amici|amiche|conoscenti|raccomandati|compaesani)", 0.45, role="accusation")
_add(D, "career_favours", r"per fare carriera|per avere (?:il|quel) posto|per essere assunt[oa]|(?:va|andava"
     r"|e andat[oa]) a letto con|(?:e|era) l amante (?:del|della|di)|si e fatt[oa] (?:mettere|mantenere"
     r"|raccomandare)", 0.4, role="accusation")
_add(D, "nepotism", r"(?:fa|fanno|ha fatto) (?:assumere|lavorare|vincere|passare) (?:solo )?(?:i suoi|le sue"
     r"|il suo|la sua|gli amici|i parenti) ?(?:parenti|amici|amiche|figli|cugini|cognat[oi])?"
     r"|assum\w* solo (?:i )?(?:parenti|amici|raccomandati)|(?:la ditta|l impresa|la societa"
     r"|la cooperativa) (?:di|del|della) (?:suo |sua )?(?:cognat[oa]|cugin[oa]|fratello|sorella|figli[oa]|moglie"
     r"|marito|amic[oa]|amante|parente)|(?:solo|soltanto) a chi (?:gli |le )?(?:paga|pagano|offre|da|fa regali)"
     r"|(?:fa|fanno) (?:i |dei )?(?:favori|favoritismi) (?:agli|ai) (?:suoi )?(?:amici|parenti)|vince (?:sempre"
     r"|tutti gli appalti|tutte le gare)", 0.45, role="accusation")
_add(D, "vices", r"(?:evade|evadono|ha evaso) (?:le tasse|il fisco|l iva)|(?:si droga|si ubriaca"
     r"|e sempre ubriac[oa]|va a puttane|molesta le|ha molestato|picchia la moglie|picchia i figli)|(?:ha"
     r"|hanno) (?:falsificato|falsato|manipolato|taroccato)", 0.45, role="accusation")
_add(D, "innuendo", r"lo sanno tutti|(?:tutti|tutto il paese) (?:lo )?sa(?:nno)?|si sa che|chiedete a (?:lui"
     r"|lei)|non e un caso|guarda caso|everyone knows", 0.2, boost=True)
