"""Illegal activity: drugs, fake documents, bribes, dodging checks, burning and dumping waste, false residence."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import I, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(I, "sell_drugs", r"<SELL><GAP6> (?:dell[ae]? |del |un po di |ottim[ao] |buon[ao] )?(?:hashish|hascisc|hash"
     r"|marijuana|cocaina|eroina|mdma|ecstasy|ketamina|anfetamin[ae]|spinell[io]|lsd|weed|cocaine|drugs)"
     r"|(?:hashish|marijuana|cocaina|eroina|mdma|ecstasy|ketamina|erba|fumo|roba|bamba|coca"
     r"|weed)<GAP12> (?:consegn\w* a domicilio|scrivetemi|scrivimi|prezz[io]|al grammo|\d+ euro al|dm)", 0.8)
_add(I, "buy_drugs", r"(?:comprare|compro|comprate|comprarmi|vendo|vendere|vende|vendete|venda|vendesse"
     r"|rimediare|procurare|procurarmi|procurami|spacciare|spaccio)(?: (?:un po d[i]?|dell[ae]?|del|d"
     r"|un pezzo di|mezzo etto di|un grammo di|una dose di|dosi di|una bustina di|un etto di|un chilo di"
     r"|\d+ (?:grammi|g|dosi) di))? (?:fumo|erba|coca|bamba|hashish|hash|marijuana|cocaina|eroina|canne|spinelli"
     r"|pasticche|md|mdma|ketamina|weed)", 0.7)
_add(I, "who_has_drugs", r"(?:chi ha|qualcuno ha|chi mi da|avete|hai)(?: (?:dell[ae]?|del|un po d[i]?|d"
     r"|della))? (?:erba|fumo|hashish|marijuana|cocaina|coca|bamba|pasticche|md|mdma|ketamina|canne|roba buona)",
     0.5)
_add(I, "buy_weed", r"(?:compra|comprare|compro|trovare|trovo|prendere|rimediare) (?:l )?(?:erba|fumo)", 0.35)
_add(I, "personal_use", r"per uso personale|da fumare|da rollare|cartine|una canna|uno spinello",
     0.35, boost=True)
_add(I, "forger", r"falsari[oa]|falsificator[ei]|chi falsifica|chi mi falsifica", 0.5)
_add(I, "drug_quality", r"(?:erba|fumo|roba|bamba|maria|weed) (?:di qualita|buon[ae]|ottim[ae]|top|olandese"
     r"|afghano|marocchino|da sballo)", 0.55)
_add(I, "sell_any_drug", r"<SELL><GAP3> <DRUG>", 0.4, boost=True)
_add(I, "weed_emoji", r"emoji_erba|emoji_pillola", 0.2, boost=True)
_add(I, "fake_document", r"<DOC><GAP3> <FAKE>|<FAKE> <DOC>", 0.45)
_add(I, "solicit", r"(?:chi mi (?:vende|fa|procura|fa avere)|chi me (?:lo|la|li|le) (?:fa|vende|procura)|vendo"
     r"|pago bene|cerco|compro|quanto costa|mi serve|dove (?:si )?(?:compra|trova)|who sells|where can i buy)",
     0.35, boost=True)
_add(I, "bribe_offer", r"se (?:vi|ti|le|gli) (?:do|dessi|pago|pagassi|regalo|offro|lascio"
     r"|passo)(?: \S+){0,3}? (?:\d+ )?(?:euro|soldi|qualcosa|regalo|mancia|caffe|cena|pensiero|regalino)"
     r"|(?:quanto|cosa) (?:volete|vuole|vuoi|devo darvi|devo dare|ci vuole) per (?:togliere|cancellare|annullare"
     r"|chiudere|sistemare|velocizzare|accelerare|fare passare|far passare|far sparire|fare sparire|togliermi"
     r"|levarmi|chiudere un occhio)|(?:vi|ti|le|gli) (?:do|offro|lascio|passo) (?:una |un )?(?:mazzetta"
     r"|bustarella|mancia|regalino) per", 0.6)
_add(I, "favour_for_gift", r"se (?:mi|me lo|me la|ci) (?:fate|date|rilasciate|firmate|approvate|togliete"
     r"|chiudete|sistemate|passate|fa|da|firma|approva|toglie)<GAP12> (?:vi|ti|le|gli) (?:porto|regalo|offro|do"
     r"|pago|lascio|faccio avere|portero|regalero|faccio un regal\w*|faccio un pensier\w*|sdebito)", 0.55)
_add(I, "buy_document", r"(?:mi vendete|mi vende|vendete|comprare|compro|vendo|cerco chi vende|chi mi fa avere"
     r"|mi fate avere|mi procurate|chi mi procura|chi mi fa)(?: \S+){0,2} (?:un|una|il|la|dei|delle|i"
     r"|le)? ?<DOC>", 0.45)
_add(I, "pay_if", r"(?:vi|ti|le|gli) (?:pago|do|regalo|offro|lascio|passo) (?:\d+ (?:euro|eur)|dei soldi"
     r"|qualcosa|un regalo|una mancia|un extra)<GAP6> se (?:mi|me|ci)", 0.6)
_add(I, "without_right", r"senza (?:i )?(?:documenti|requisiti|averne diritto|fare la fila|la fila"
     r"|passare dall ufficio)|passare avanti|saltare la fila|scavalcare (?:la fila|la graduatoria)|pago bene"
     r"|pagherei bene", 0.3, boost=True)
_add(I, "off_the_books", r"senza fattura|senza ricevuta|senza scontrino|(?:lavor\w*|pagamento|pago"
     r"|pagare) in nero", 0.45)
_add(I, "costs_less", r"costa meno|costano meno|si risparmia|risparmiate|risparmi(?:o|amo)? (?:l iva|le tasse)",
     0.3, boost=True)
_add(I, "gift_for_speed", r"(?:darvi|darti|darle|dargli|pagarvi|pagarle|offrirvi|offrirle|regalarvi"
     r"|lasciarvi) (?:qualcosa|qualche soldo|un regalo|un regalino|\d+ euro|dei soldi"
     r"|una mancia)(?: \S+){0,3}? (?:per|cosi) (?:sbrigare|velocizzare|accelerare|passare|togliere|cancellare"
     r"|sistemare|avere|saltare|chiudere)", 0.55)
_add(I, "no_exam", r"(?:patente|diploma|laurea|certificat[oi]|permess[oi]|attestat[oi]|residenza|abitabilita"
     r"|agibilita|condono|licenza|contrassegn[oi]) (?:\S+ ){0,4}?senza (?:esame|esami|visita|requisiti"
     r"|fare (?:l esame|la visita|niente)|frequentare|controlli|verifiche|sopralluogo|accertamenti)", 0.55)
_add(I, "tamper", r"(?:truccare|trucco|manomettere|manometto|taroccare|taroccato|bypassare|fregare"
     r"|alterare) (?:il |i |la )?(?:contator[ei]|tachimetro|bilanc[ia]a?|misuratore|allaccio)"
     r"|allacci[oa]\w* abusiv\w*|rubare (?:la luce|l acqua|la corrente|il gas)|(?:come|modo per|trucco per"
     r"|si puo|posso) (?:\S+ ){0,3}?(?:falsificare|contraffare|clonare|taroccare|truccare|manomettere)", 0.55)
_add(I, "at_night", r"stanotte|di notte|di nascosto|senza farci vedere|senza farmi vedere", 0.3, boost=True)
_add(I, "pay_to_remove", r"per (?:\d+ (?:euro|eur)|qualche soldo|dei soldi|un regalo|una mancia"
     r"|un compenso)(?: \S+){0,2}? (?:mi|me l[ao]|ce l[ao]|ci) (?:toglie|togliete|cancella|cancellate|annulla"
     r"|annullate|sistema|sistemate|leva|levate|fa passare|fate passare|fa avere|fate avere|rilascia|rilasciate)",
     0.6)
_add(I, "fake_resident", r"(?:far|fare) risultare (?:\S+ ){0,3}?residente"
     r"|residente(?: \S+){0,4}? senza (?:che ci (?:viva|abiti|stia)|viverci|abitarci|starci)"
     r"|risultare residente (?:\S+ ){0,3}?(?:senza|anche se non)", 0.6)
_GIFT = (r"(?:soldi|euro|contanti|\d+|regal\w*|pensierino|mancia|busta|bustarella|prosciutto|salame|formaggio|vino"
         r"|bottigli[ae]|cassa|dolci|torta|pesce|olio|cena|pranzo|caffe|qualcosa)")
_add(I, "exchange", r"se (?:vi|ti|le|gli) (?:do|dessi|pago|porto|portassi|regalo|offro|lascio|passo|faccio avere)"
     r"(?: \S+){0,3}? " + _GIFT + r"(?: \S+){0,4}? (?:mi|me l[ao]|ci) (?:fate|fa|date|da|togliete|toglie"
     r"|cancellate|annullate|sistemate|passate|firmate|approvate|velocizzate|fate passare|fa passare)", 0.6)
_add(I, "cut_public_trees", r"(?:taglio|tagliamo|tagliero|abbatto|abbattiamo|abbattero) (?:il bosco|gli alberi"
     r"|la pineta|le piante|la legna|il bosco)(?: \S+){0,3}? (?:del comune|comunal[ei]|pubblic\w*|demanial\w*"
     r"|del parco)", 0.45)
_add(I, "bribe_official", r"se (?:do|pago|dessi|pagassi|regalo|offro|passo|lascio) (?:\S+ ){0,3}?(?:al|all|alla"
     r"|ai|agli) (?:<ROLE>|impiegat[oaie]|controllor[ei])", 0.4)
_add(I, "quietly", r"nessuno lo sapra|resta tra noi|rimane tra noi|sottobanco|chiudere un occhio"
     r"|chiudete un occhio|fare finta di niente|facciamo finta di niente|(?:mi|me la|me lo|me li) (?:togliete"
     r"|togli|toglie|cancellate|cancella|annullate|annulla|levate|leva|sistemate|sistema|abbuona|abbonate)",
     0.35, boost=True)
_add(I, "hide_plate", r"(?:ho tolto|tolgo|togliere|ho levato|levo|ho coperto|copro|coprire|ho staccato|stacco"
     r"|nascondere|nascondo|ho smontato|smonto|non far vedere|oscurare|oscuro|camuffare"
     r"|rendere illeggibile) (?:la|le) targ[ah]e?", 0.45)
_add(I, "speed_cameras", r"autovelox|tutor|telecamer[ae]|photored|velox|ztl", 0.3, boost=True)
_add(I, "dodge_checks", r"(?:cosi|per) (?:l autovelox|il tutor|la telecamera|le telecamere|i vigili|il vigile"
     r"|la polizia|nessuno) non mi (?:becca|beccano|vede|vedono|multa|multano|trova|trovano)"
     r"|senza farmi (?:beccare|vedere|scoprire)|senza che (?:nessuno|i vigili|il comune|la polizia|i controlli"
     r"|la finanza) (?:se ne accorga|se ne accorgano|lo sappia|lo sappiano|mi veda|mi vedano|lo scopra)", 0.55)
_add(I, "evade", r"(?:come|modo per|trucco per|aiutatemi a) (?:non pagare|evitare|eludere|aggirare"
     r"|fregare) (?:la multa|le multe|l autovelox|il tutor|i controlli|la ztl|le tasse|la tari|l imu|il fisco)"
     r"|evadere (?:le tasse|il fisco|la tari|l imu)|affitto in nero", 0.35)
_WASTE = (r"(?:plastica|plastiche|copertoni|gomme|pneumatici|rifiuti|immondizia|spazzatura|eternit|amianto"
          r"|vernic[ie]|sacchi|mobili|divano|materass[oi]|cavi|guaine|bidoni)")
_add(I, "burn_waste", r"(?:brucio|bruciamo|brucero|bruceremo|do fuoco|diamo fuoco|daro fuoco|faccio un falo)"
     r"(?: \S+){0,3}? " + _WASTE, 0.6)
_add(I, "burn_waste_question", r"(?:bruciare|dare fuoco a\w*)(?: \S+){0,3}? " + _WASTE, 0.3)
_add(I, "dump_waste", r"(?:butto|buttiamo|buttero|scarico|scarichiamo|abbandono"
     r"|lascio)(?: \S+){0,4}? (?:nel fosso|nel fiume|nel bosco|nel campo|in campagna|nel torrente|in mare"
     r"|nel canale|di notte)", 0.4)
_add(I, "nobody_checks", r"tanto (?:lo fanno tutti|(?:\S+ ){0,3}?nessuno (?:controlla|vede|se ne accorge|lo sa"
     r"|dice niente)|(?:\S+ ){0,3}?non (?:mi )?(?:controlla\w*|vede|vedono|se ne accorg\w*) (?:mai|nessuno)?)"
     r"|nessuno lo sapra|nessuno se ne accorge", 0.35, boost=True)
_add(I, "build_without_permit", r"(?:costruire|costruisco|costruiamo|faccio|fare|alzare|alzo|chiudere|chiudo"
     r"|ampliare|amplio|montare|monto)(?: \S+){0,4}? senza (?:permesso|permessi|autorizzazion[ei]|cila|scia"
     r"|dire niente|comunicare niente)", 0.4)
_add(I, "false_residence", r"(?:fare|faccio|prendere|prendo|mettere|metto|avere|cambiato|cambio|cambiare|preso"
     r"|messo|fatto|spostato) (?:una |la )?(?:residenz[ae] (?:finta|fittizia|fasulla|falsa|di comodo)|(?:finta"
     r"|falsa|fittizia) residenza)|(?:sposto|spostare|prendo|prendere|metto|mettere|porto"
     r"|portare) la residenza(?: \S+){0,6}? (?:cosi|per) (?:pago meno|non pag\w*|risparmi\w*|prendere|avere"
     r"|ottenere|scalare)", 0.7)
_add(I, "false_residence_word", r"residenz[ae] (?:finta|fittizia|fasulla|falsa|di comodo)|(?:finta|falsa"
     r"|fittizia) residenza", 0.35)
_add(I, "sell_counterfeit", r"(?:vendo|vendiamo)(?: \S+){0,4}? (?:contraffatt[oaie]|taroccat[oaie]|rubat[oaie]"
     r"|clonat[oaie])", 0.6)
_add(I, "en_illegal", r"fake (?:id|ids|documents?|passports?|licen[cs]es?)|(?:sell|selling) (?:weed|cocaine|coke"
     r"|drugs|pills)|bribe", 0.6)
