"""Promotion: adverts for products and services, and for parties and candidates."""

from __future__ import annotations

from sportello.moderation.screening.lexicons.base import PROCEDURAL_QUESTION, P, Term, adder

TERMS: list[Term] = []
_add = adder(TERMS)

_add(P, "free_quote", r"preventiv[oi] gratuit[oi]|preventivi gratis|sopralluogo gratuito|free quote", 0.5)
_add(P, "prices", r"prezz[oi] (?:imbattibil[ei]|bassissim[io]|bass[io]|stracciat[io]|scontat[io]|competitiv[io]"
     r"|modic[io]|speciali|shock|pazzi|da outlet|economic[io]|onest[io]|convenienti|vantaggios[io]|popolari"
     r"|accessibili)|best prices?|pagamento in contanti|massima valutazione|valutazione gratuita|ritiro gratuito"
     r"|paghiamo in contanti", 0.45)
_add(P, "offer_service", r"(?:offro|offriamo|eseguo|eseguiamo|effettuo|effettuiamo|faccio"
     r"|facciamo) (?:\S+ )?(?:servizi[oa]?|lezioni|ripetizioni|lavori|riparazioni|consulenze|preventivi|pulizie"
     r"|traslochi|manicure|massaggi|trattamenti|installazioni)<GAP12> (?:a domicilio|a prezzi|per tutti|in tutta"
     r"|su appuntamento|anche a|scrivetemi|contattatemi)|a domicilio a prezzi", 0.45)
_add(P, "back_the_party", r"(?:sostenete|votate|scegliete|appoggiate|unitevi al|iscrivetevi al|aderite al"
     r"|entrate nel) (?:il |la |al |alla |nel |nella )?(?:movimento|partito|lista|lega|candidat[oa]"
     r"|nostro candidato|nostra candidata)", 0.55)
_add(P, "book_by_phone", r"(?:prenotazioni|prenota|prenotate|ordini|ordina|ordinate|info|informazioni|whatsapp"
     r"|chiama|chiamaci) (?:al|allo|su|sul|il|lo) (?:numero )?\d+", 0.4)
_add(P, "we_buy", r"compr(?:o|iamo) (?:auto|oro|argento|moto|case|immobili|mobili|rottami|\S+ usat[ie])"
     r"|pagamento (?:immediato|in contanti)|valutazione gratuita", 0.45)
_add(P, "with_us", r"(?:venite|fate la spesa|comprate|acquistate|prenotate|mangiate|provate|passate) da noi"
     r"|\S+l[ao] con noi|(?:rivolgiti|rivolgetevi|affidati|affidatevi|chiedete|chiedi) a noi|con noi (?:risparmi"
     r"|vinci|ottieni|paghi)|offerte (?:ogni settimana|settimanali)|volantino (?:delle )?offerte", 0.45)
_add(P, "enrolment_open", r"iscrizioni aperte|posti disponibili|ultimi posti|prenotazioni aperte",
     0.25, boost=True)
_add(P, "bundle_deal", r"(?:compri|prendi|acquisti) (?:uno|1|due|2)(?: \S+){0,4}? (?:in regalo|gratis|omaggio"
     r"|a meta prezzo)|prendi \d+ paghi \d+|\d ?x ?\d|il secondo (?:e )?(?:in regalo|gratis|a meta prezzo)", 0.4)
_add(P, "showroom", r"showroom|punto vendita|negozio in via|spaccio aziendale|outlet", 0.25, boost=True)
_add(P, "buy_now", r"(?:compra|comprate|acquista|acquistate|ordina|ordinate|prenota"
     r"|prenotate)(?: \S+){0,3}? (?:a (?:soli |solo )?\d+ ?(?:euro|eur)|online|subito|ora|qui)"
     r"|compra follower\w*|(?:compra|comprate) (?:like|mi piace)", 0.45)
_add(P, "private_service", r"ripetizioni|lezioni private|lezioni a domicilio|doposcuola privato|babysitting"
     r"|baby sitter|servizio di pulizie|sgomberi|svuota cantine|svuotamento cantine", 0.3)
_add(P, "try_us", r"(?:vieni|venite) a (?:provare|trovarci|scoprire)|provate (?:la nostra|il nostro|i nostri"
     r"|le nostre)", 0.35)
_add(P, "political_org", r"(?:partito|movimento|lista civica|lega|circolo|sezione|comitato"
     r"|referendum)<GAP12> (?:vi invita|vi invitiamo|iscrivetevi|unitevi|aderite|tesseratevi|sostenete"
     r"|partecipate|venite|firmate|votate)|(?:iscrivetevi|unitevi|aderite|tesseratevi) (?:al|alla) (?:partito"
     r"|movimento|lista|lega)", 0.55)
_add(P, "vote_at_election", r"(?<!si )(?<!chi )(?<!come )(?<!dove )(?<!quando )(?<!se )(?<!non )(?:vota|votate"
     r"|scegli|scegliete|sostieni|sostenete)<GAP12> (?:alle|per le) (?:prossime )?(?:elezioni|comunali|regionali"
     r"|europee|politiche|amministrative)", 0.55)
_add(P, "election_pitch", r"(?:alle|per le) (?:prossime )?(?:elezioni|comunali|regionali|europee"
     r"|politiche)<GAP12> (?:scegliete|votate|eleggete|sostenete|premiate|date il (?:vostro )?voto)|(?:scegliete"
     r"|eleggete|premiate) (?:\S+ ){0,2}?(?:sindac[oa]|consiglier[ea]|candidat[oa]|lista)", 0.55)
_add(P, "delivery", r"(?:consegna|consegne|spedizione|spedizioni) (?:gratis|gratuit[ae]|a domicilio|in tutt[oa]"
     r"|in giornata|rapida|veloce|immediata|garantita|in 24 ?h?)|consegnat[oaie] a domicilio|free delivery", 0.4)
_add(P, "offer", r"(?:in )?offerta speciale|super offert[ae]|offert[ae] (?:del giorno|lampo|imperdibil[ei]"
     r"|amazon|esclusiv[ae]|pazz[ae]|pazzesc[ae]|incredibil[ei]|unic[ae]|limitat[ae])|codice sconto|coupon"
     r"|sconto del \d+|\d+ ?% di sconto|promo(?:zione)? (?:valida|speciale|lancio)|special offer|promo code"
     r"|discount", 0.45)
_add(P, "price_unit", r"\d+ (?:euro|eur) (?:l uno|cad\w*|al mese|a persona|al pezzo|a testa|l ora|al kg"
     r"|al chilo)|(?:due|tre|\d+) \S+ (?:a )?\d+ euro", 0.3, boost=True)
_add(P, "dm_me", r"(?:scrivetemi|scrivimi|contattatemi|contattami|scriveteci|scrivici) (?:in privato|in pvt"
     r"|in dm|in direct|su (?:whatsapp|telegram|instagram))|(?:info|informazioni|dettagli|prezzi"
     r"|listino) in (?:privato|pvt|dm|direct)|dm me|dm for", 0.45)
_add(P, "call_us", r"(?:chiamate|chiamateci|chiamaci|contattateci|contattaci|scriveteci|scrivici|scrivetemi"
     r"|chiamatemi|contattatemi) (?:il|al|lo|allo|subito|ora|pure|per info|per preventivi)|call (?:us|now)"
     r"|visit our", 0.3, boost=True)
_add(P, "service_terms", r"attivazione (?:in giornata|immediata|gratuita)|installazione gratuita|senza vincoli"
     r"|chiavi in mano|senza impegno|sopralluogo gratuito|nuova apertura|grande apertura"
     r"|inaugurazione del (?:nostro|mio)|guadagn\w* facil\w*|soldi facili|guadagno sicuro|rendimento garantito"
     r"|investimento sicuro|rendita passiva|senza costi di attivazione|prova gratuita|primo mese gratis"
     r"|paghi solo|soddisfatti o rimborsati|pagamento alla consegna|spedizione gratuita|free trial", 0.4)
_add(P, "if_interested", r"se (?:vi |ti )?interessa(?:no|te|ti|to|ta)?,? (?:scrivetemi|contattatemi|chiamatemi"
     r"|scrivimi|contattami|chiamami|in privato)|(?:interessati|chi e interessato"
     r"|chi fosse interessato),? (?:scrivetemi|contattatemi|chiamatemi|in privato|mi scriva)", 0.5)
_add(P, "welcome", r"vi aspettiamo|vi aspetto|venite a trovarci|passate a trovarci|we are waiting for you"
     r"|come visit us", 0.35)
_add(P, "freebie", r"(?:prima|primo) \S+ (?:e )?(?:gratuit[oa]|gratis|in omaggio)|\S+ gratuit[oa] per (?:tutti"
     r"|i nuovi clienti)|in omaggio|omaggio per|\S+ in regalo (?:a|per) (?:tutti|chi)", 0.4)
_add(P, "at_home_service", r"a domicilio|in tutta la (?:citta|provincia|zona)|ovunque in \S+", 0.25, boost=True)
_add(P, "bare_price", r"\d+ (?:euro|eur)", 0.2, boost=True)
_add(P, "sale_terms", r"trattabil[ei]|prezzo affare|come nuov[oaie]|usat[oa] pochissimo|mai usat[oa]",
     0.3, boost=True)
_add(P, "price", r"a meta prezzo|a prezzo scontato|prezzo stracciato|sconti (?:per|a|su|del)|(?:a|da|solo|soli"
     r"|only|a soli) \d+ ?(?:euro|eur)|\d+ ?(?:euro|eur) trattabil\w*|\d+(?: , \d+)? (?:euro |eur )?(?:al mese"
     r"|a settimana|l anno)", 0.25, boost=True)
# "Pizzeria Da Gino: …", "Impresa edile Marchesini: …" — a business name as the headline of the message
_add(P, "headline", r"(?:(?<=^ )|(?<=[.!?,] ))(?:<BUSINESS>|offert[ae]|promo|promozione|saldi|sconti"
     r"|novita)(?: [^ .!?;:,]+){0,4}? :", 0.4)
_add(P, "ad_hook", r"dei (?:tuoi|vostri) sogni|cerchi (?:casa|lavoro|un \S+|una \S+) \?|vuoi (?:guadagnare"
     r"|risparmiare|dimagrire|vendere casa) \?|non (?:lasciarti|lasciatevi) sfuggire|what are you waiting for",
     0.4)
_add(P, "iptv_for_sale", r"(?:lista|liste|abbonament[oi]) (?:iptv|pirata|canali)|iptv|pezzott[oi]", 0.35)
_add(P, "contact_me", r"(?:scrivetemi|contattatemi|scrivimi|contattami|chiamatemi|chiamami|dm me)",
     0.25, boost=True)
_add(P, "call_to_buy", r"info e prenotazioni|prenota ora|ordina ora|acquista ora|compra ora|iscriviti ora"
     r"|chiama(?:te|ci)? (?:ora|subito)|solo per oggi|fino ad esaurimento|affrettatevi|approfittane"
     r"|approfittatene|non perdete l occasione|buy now|order now", 0.4)
# "Vendo casa, devo pagare l'IMU?" asks about a procedure; "Vendo bici usata, 100 euro" is an advert.
_add(P, "selling", r"vendo|vendiamo|vendesi|svendo|affittasi|cedo (?:attivita|licenza)|for sale",
     0.5, unless=PROCEDURAL_QUESTION)
_add(P, "our_business", r"(?:il|la|i|le|al|alla|ai|alle|nel|nella|del|della|dal|dalla) (?:nostro|nostra|nostri"
     r"|nostre) (?:<BUSINESS>|locale|azienda|prodott[io]|servizi|offert[ae]|canale|pagina|sito|menu|corsi|corso"
     r"|lezioni|club)", 0.4)
_add(P, "join_channel", r"(?:entrate|entra|iscrivetevi|iscriviti|unitevi|unisciti|seguitemi|seguiteci|seguici"
     r"|seguimi|segui|seguite|visitate|visita) (?:nel|al|sul|alla|sulla|a|il|la) (?:mio |nostro |mia "
     r"|nostra )?(?:canale|gruppo|pagina|profilo|account)|(?:mio|nostro) canale (?:telegram|youtube|whatsapp"
     r"|instagram|tiktok)|link in bio|follow (?:me|us)", 0.5)
_add(P, "go_to_my_studio", r"rivolgetevi (?:a|al|allo|alla|presso) (?:lo |il |la )?(?:studio|ditta|agenzia"
     r"|negozio|mio|nostro|me|noi|geom\w*|avv\w*|dott\w*|ing|arch)|affidatevi a", 0.55)
_add(P, "business", r"<BUSINESS>", 0.2, boost=True)
_add(P, "vote_for", r"(?<!come )(?<!cosa )(?<!dove )(?<!quando )(?<!chi )(?<!se )votate(?:mi|ci|lo|la|li"
     r"|le)?(?! \?)|votami|(?<!si )(?<!chi )(?<!come )vota (?:per|la lista|il candidato|la candidata|lista|si"
     r"|no)|(?:datemi|dateci|date) il (?:vostro )?voto|sostenetemi|sceglietemi|vote for|elect me|vote me", 0.6)
_add(P, "candidate", r"(?:sono|io sono) (?:il|la) candidat[oa]|candidat[oa] (?:sindaco|sindaca|consigliere"
     r"|consigliera|al consiglio|alle (?:comunali|regionali|europee|elezioni)|della lista|del partito)", 0.45)
_add(P, "campaign", r"lista civica|(?:il nostro|del nostro|nel nostro|al nostro) (?:partito|movimento"
     r"|programma elettorale)|(?:alle|per le) prossime (?:elezioni|comunali|regionali|europee|politiche)"
     r"|gazebo (?:in piazza|elettorale)|campagna elettorale|iscrivetevi al (?:partito|movimento)|vi sistemo io",
     0.3, boost=True)
