"""The vocabulary that lets a citizen's words meet a knowledge base's words.

Written by hand for Sportello from general Italian public-administration language, not from any municipality's
FAQ: chat abbreviations, everyday synonyms of administrative terms (spazzatura → rifiuti, vigili → polizia
locale), and a small English → Italian lexicon so that questions in English reach the Italian entries. Both the
entries and the questions go through the same rewriting, so a synonym only has to lead to one canonical form.

Keys are folded words (lower case, no accents, elisions split); values are one or more canonical words.
"""

from __future__ import annotations

# Chat shorthand and spelling habits ("x" for "per", "nn" for "non").
ABBREVIATIONS: dict[str, str] = {
    "x": "per", "xche": "perche", "xke": "perche", "xk": "perche", "perke": "perche", "nn": "non",
    "cmq": "comunque", "qnd": "quando", "qdo": "quando", "dv": "dove", "ki": "chi", "ke": "che", "tt": "tutto",
    "sn": "sono", "qlc": "qualcuno", "qlcs": "qualcosa", "qualke": "qualche", "grz": "grazie", "pls": "per favore",
    "tel": "telefono", "cell": "cellulare", "info": "informazioni", "doc": "documento", "docs": "documenti",
    "app": "app", "appt": "appuntamento", "uff": "ufficio", "amm": "amministrazione", "sig": "signore",
    "dott": "dottore", "vs": "vostro", "ns": "nostro", "gg": "giorni", "h": "ore", "min": "minuti",
}

# Everyday words → the administrative word an office writes. Multi-word keys are matched on folded word runs.
SYNONYMS: dict[str, str] = {
    # waste
    "spazzatura": "rifiuti", "immondizia": "rifiuti", "immondizie": "rifiuti", "pattume": "rifiuti",
    "monnezza": "rifiuti", "mondezza": "rifiuti", "rusco": "rifiuti", "sporcizia": "rifiuti", "scarti": "rifiuti",
    "discarica abusiva": "rifiuti abbandonati", "isola ecologica": "centro raccolta",
    "ecocentro": "centro raccolta", "eco centro": "centro raccolta", "ricicleria": "centro raccolta",
    "piattaforma ecologica": "centro raccolta", "stazione ecologica": "centro raccolta",
    "differenziata": "raccolta differenziata", "umido": "organico", "mettere fuori": "esporre", "porta a porta": "raccolta differenziata",
    "mobili vecchi": "ingombranti", "materasso": "ingombranti", "materassi": "ingombranti",
    "divano": "ingombranti", "divani": "ingombranti", "armadio": "ingombranti", "elettrodomestici": "ingombranti",
    "elettrodomestico": "ingombranti", "frigorifero": "ingombranti", "frigo": "ingombranti",
    "lavatrice": "ingombranti", "poltrona": "ingombranti",
    "tassa rifiuti": "tari", "tassa sui rifiuti": "tari", "tassa della spazzatura": "tari",
    "tassa spazzatura": "tari", "tassa immondizia": "tari", "tassa sulla casa": "imu",
    # police, fines, traffic
    "vigili": "polizia locale", "vigile": "polizia locale", "vigili urbani": "polizia locale",
    "polizia municipale": "polizia locale", "municipale": "polizia locale", "comando": "polizia locale",
    "contravvenzione": "multa", "contravvenzioni": "multa", "sanzione": "multa", "sanzioni": "multa",
    "verbale": "multa", "verbali": "multa", "multe": "multa", "autovelox": "multa velocita",
    "posteggio": "parcheggio", "sosta": "parcheggio", "parcheggiare": "parcheggio", "posto auto": "parcheggio",
    "zona traffico limitato": "ztl", "zona a traffico limitato": "ztl", "varco": "ztl", "varchi": "ztl",
    "passo carraio": "passo carrabile", "accesso carrabile": "passo carrabile",
    "invalidi": "disabili", "invalido": "disabile", "invalida": "disabile", "handicap": "disabili",
    "handicappato": "disabile", "disabilita": "disabili", "invalidita": "disabili",
    "tagliando": "contrassegno", "pass": "permesso",
    # roads and lights
    "voragine": "buca", "voragini": "buca", "avvallamento": "buca", "dissesto": "buca", "fossa": "buca",
    "asfalto": "strada", "manto stradale": "strada", "carreggiata": "strada",
    "marciapiedi": "marciapiede", "lampioni": "lampione", "palo della luce": "lampione",
    "pali della luce": "lampione", "luce pubblica": "lampione", "illuminazione pubblica": "lampione",
    "lampada": "lampione", "buio": "spento", "al buio": "spento", "non funziona": "guasto",
    "non va": "guasto", "rotto": "guasto", "rotta": "guasto", "rotti": "guasto", "danneggiato": "guasto",
    # documents and registry
    "cie": "carta identita", "carta di identita": "carta identita", "documento di identita": "carta identita",
    "documento d identita": "carta identita",
    "servizi demografici": "anagrafe", "demografici": "anagrafe", "stato civile": "anagrafe",
    "indirizzo": "residenza", "domicilio": "residenza", "trasferimento": "trasloco", "traslocare": "trasloco",
    "trasferirmi": "trasloco", "trasferirsi": "trasloco", "cambiare casa": "trasloco",
    "perso": "smarrito", "persa": "smarrito", "persi": "smarrito", "perse": "smarrito", "perduto": "smarrito",
    "perduta": "smarrito", "smarrita": "smarrito", "smarrimento": "smarrito", "non trovo piu": "smarrito",
    "rubato": "furto", "rubata": "furto", "rubati": "furto", "rubare": "furto", "derubato": "furto", "scippo": "furto", "scippato": "furto",
    "borseggio": "furto", "sfilato": "furto", "trafugato": "furto",
    "scaduta": "scadenza", "scaduto": "scadenza", "scade": "scadenza", "scadere": "scadenza",
    "rinnovare": "rinnovo",
    "nato": "nascita", "nata": "nascita", "nati": "nascita", "nascere": "nascita",
    "sposarsi": "matrimonio", "sposare": "matrimonio", "sposarci": "matrimonio", "nozze": "matrimonio",
    "rito civile": "matrimonio", "unione": "unione",
    "all estero": "estero", "emigrare": "estero", "espatrio": "estero",
    "scheda elettorale": "tessera elettorale", "votare": "voto", "elezioni": "voto", "seggio": "voto",
    # money
    "pagare": "pagamento", "pagarla": "pagamento", "pagarlo": "pagamento", "versamento": "pagamento",
    "bollettino": "pagamento", "bonifico": "pagamento", "pago pa": "pagopa", "rata": "pagamento",
    "rate": "pagamento", "quanto costa": "costo", "prezzo": "costo", "tariffa": "costo", "tariffe": "costo",
    "retta": "costo", "rette": "costo", "quanto si paga": "costo", "costa": "costo", "costi": "costo",
    "sconto": "riduzione", "sconti": "riduzione", "agevolazione": "riduzione", "agevolazioni": "riduzione",
    "esenzione": "riduzione", "detrazione": "riduzione", "pagare meno": "riduzione",
    "bonus": "contributo", "sussidio": "contributo", "sussidi": "contributo", "aiuto economico": "contributo",
    "sostegno economico": "contributo", "rimborso": "contributo",
    "locazione": "affitto", "pigione": "affitto", "canone": "affitto", "inquilino": "affitto",
    # people and family
    "babbo": "padre", "papa": "padre", "mamma": "madre", "genitori": "genitore",
    "bimbo": "figlio", "bimba": "figlio", "bimbi": "figlio", "bambino": "figlio", "bambina": "figlio",
    "bambini": "figlio", "figlia": "figlio", "figli": "figlio", "figlie": "figlio", "piccolo": "figlio",
    "nonno": "anziano", "nonna": "anziano", "nonni": "anziano", "anziana": "anziano", "anziani": "anziano",
    # school
    "refezione": "mensa", "pranzo a scuola": "mensa", "pasti": "mensa", "pasto": "mensa",
    "pulmino": "scuolabus", "trasporto scolastico": "scuolabus", "autobus della scuola": "scuolabus",
    "asilo": "nido", "asilo nido": "nido", "micronido": "nido",
    # places, times, contacts
    "municipio": "comune", "palazzo comunale": "comune", "amministrazione comunale": "comune",
    "orario": "orari", "aperto": "orari", "aperti": "orari", "apre": "orari", "aprite": "orari",
    "chiude": "orari", "chiudete": "orari", "apertura": "orari",
    "telefonare": "telefono", "chiamare": "telefono", "numero di telefono": "telefono",
    "mail": "email", "e mail": "email", "posta elettronica": "email",
    # requests and reports
    "lamentela": "reclamo", "lamentele": "reclamo", "protesta": "reclamo", "lamentarmi": "reclamo",
    "lamentarsi": "reclamo", "segnalare": "segnalazione", "segnalo": "segnalazione",
    "denunciare": "segnalazione",
    "iscrivere": "iscrizione", "iscrivermi": "iscrizione", "iscriverlo": "iscrizione", "iscriverla": "iscrizione",
    "registrarsi": "iscrizione", "registrare": "iscrizione", "registrazione": "iscrizione",
    "prenotare": "prenotazione", "prenoto": "prenotazione", "appuntamento": "prenotazione",
    "autorizzazione": "permesso", "licenza": "permesso", "nulla osta": "permesso",
    # culture, sport, internet
    "manifestazioni": "eventi", "manifestazione": "eventi", "iniziative": "eventi", "spettacoli": "eventi",
    "concerti": "eventi", "sagra": "eventi", "prestito": "biblioteca", "libri": "biblioteca",
    "impianti sportivi": "palestra", "campo sportivo": "palestra", "campi sportivi": "palestra",
    "palazzetto": "palestra", "wi fi": "wifi", "wireless": "wifi", "connessione": "wifi",
    "internet gratis": "wifi", "allarme": "allerta", "allerte": "allerta", "alluvione": "allerta",
}

# English → Italian, single words and short phrases. Function words go to nothing ("").
ENGLISH: dict[str, str] = {
    "identity card": "carta identita", "id card": "carta identita", "identity": "identita", "id": "carta identita",
    "card": "carta", "passport": "passaporto", "residence": "residenza", "resident": "residenza",
    "address": "residenza", "move": "trasloco", "moved": "trasloco", "moving": "trasloco", "relocate": "trasloco",
    "register": "iscrizione", "registration": "iscrizione", "enrol": "iscrizione", "enroll": "iscrizione",
    "sign up": "iscrizione", "subscribe": "iscrizione", "renew": "rinnovo", "renewal": "rinnovo",
    "expired": "scadenza", "expires": "scadenza", "expiry": "scadenza", "lost": "smarrito", "lose": "smarrito",
    "stolen": "furto", "theft": "furto", "found": "ritrovato", "certificate": "certificato",
    "birth": "nascita", "family": "famiglia", "marriage": "matrimonio", "wedding": "matrimonio",
    "marry": "matrimonio", "married": "matrimonio", "abroad": "estero", "vote": "voto", "voting": "voto",
    "voter": "elettorale", "electoral": "elettorale", "registry": "anagrafe", "registry office": "anagrafe",
    "tax": "tassa", "taxes": "tassa", "property tax": "imu", "waste tax": "tari", "bin tax": "tari",
    "pay": "pagamento", "paying": "pagamento", "payment": "pagamento", "bill": "avviso", "notice": "avviso",
    "cost": "costo", "costs": "costo", "price": "costo", "fee": "costo", "fees": "costo", "how much": "costo",
    "discount": "riduzione", "reduction": "riduzione", "deadline": "scadenza", "due": "scadenza",
    "waste": "rifiuti", "garbage": "rifiuti", "trash": "rifiuti", "rubbish": "rifiuti", "recycling": "raccolta differenziata",
    "bulky": "ingombranti", "furniture": "ingombranti", "mattress": "ingombranti", "sofa": "ingombranti",
    "collection": "raccolta", "pickup": "ritiro", "pick up": "ritiro", "collect": "ritiro",
    "recycling centre": "centro raccolta", "recycling center": "centro raccolta", "dump": "centro raccolta",
    "dog": "cane", "dogs": "cane", "pet": "animale", "microchip": "microchip",
    "fines": "multa", "ticket": "multa", "speeding": "velocita", "appeal": "ricorso",
    "contest": "ricorso", "police": "polizia locale", "parking": "parcheggio", "park": "parcheggio",
    "permit": "permesso", "permission": "permesso", "disabled": "disabili", "disability": "disabili",
    "badge": "contrassegno", "limited traffic zone": "ztl", "old town": "centro storico",
    "street": "strada", "road": "strada", "pothole": "buca", "potholes": "buca", "sidewalk": "marciapiede",
    "pavement": "marciapiede", "streetlight": "lampione", "street light": "lampione", "street lamp": "lampione",
    "lamp": "lampione", "light": "lampione", "broken": "guasto", "dark": "spento", "report": "segnalazione",
    "complaint": "reclamo", "complain": "reclamo", "suggestion": "suggerimento",
    "school": "scuola", "canteen": "mensa", "lunch": "mensa", "meals": "mensa", "school bus": "scuolabus",
    "bus": "autobus", "nursery": "nido", "daycare": "nido", "kindergarten": "nido", "child": "figlio",
    "children": "figlio", "son": "figlio", "daughter": "figlio", "kid": "figlio", "kids": "figlio",
    "baby": "figlio", "elderly": "anziano", "mother": "madre", "father": "padre", "parents": "genitore",
    "home care": "assistenza domiciliare", "social worker": "assistente sociale", "social services": "servizi sociali",
    "rent": "affitto", "rental": "affitto", "housing": "casa", "house": "casa", "home": "casa",
    "flat": "appartamento", "apartment": "appartamento", "help": "aiuto", "support": "contributo",
    "grant": "contributo", "allowance": "contributo", "benefit": "contributo",
    "library": "biblioteca", "books": "biblioteca", "borrow": "biblioteca", "events": "eventi",
    "event": "eventi", "tourist": "turistico", "tourism": "turistico", "gym": "palestra", "sports": "palestra",
    "sport": "palestra", "pitch": "palestra", "building": "edilizia", "renovation": "edilizia",
    "works": "lavori", "planning": "urbanistica", "documents": "documenti", "document": "documento",
    "copy": "copia", "records": "atti", "access": "accesso", "wifi": "wifi", "wi fi": "wifi",
    "internet": "wifi", "free": "gratuito", "connect": "collegare", "emergency": "emergenza",
    "emergencies": "emergenza", "alert": "allerta", "alerts": "allerta", "warning": "allerta",
    "weather": "meteo", "flood": "allerta", "volunteer": "volontario", "volunteering": "volontario",
    "civil protection": "protezione civile", "office": "ufficio", "opening hours": "orari", "hours": "orari",
    "open": "orari", "opening": "orari", "closed": "orari", "phone": "telefono", "number": "numero",
    "email": "email", "contact": "contatti", "contacts": "contatti", "town hall": "comune",
    "city hall": "comune", "municipality": "comune", "council": "comune", "town": "comune", "city": "comune",
    "appointment": "prenotazione", "book": "prenotazione", "booking": "prenotazione", "online": "online",
    "form": "modulo", "application": "domanda", "apply": "domanda", "request": "richiesta",
    "where": "dove", "when": "quando", "how": "come", "what": "cosa", "who": "chi", "which": "quale",
    "need": "serve", "needs": "serve", "bring": "portare", "new": "nuovo", "first": "prima", "time": "volta",
    "urgent": "urgenza", "urgently": "urgenza", "quickly": "urgenza", "travel": "viaggio", "trip": "viaggio",
    "flight": "viaggio", "week": "settimana", "weekend": "sabato domenica", "saturday": "sabato",
    "sunday": "domenica", "today": "oggi", "tomorrow": "domani", "day": "giorno", "days": "giorni",
    "the": "", "a": "", "an": "", "of": "", "to": "", "in": "", "on": "", "at": "", "for": "", "from": "",
    "by": "", "with": "", "and": "", "or": "", "is": "", "are": "", "was": "", "were": "", "be": "", "been": "",
    "it": "", "its": "", "this": "", "that": "", "these": "", "those": "", "my": "", "our": "", "your": "",
    "their": "", "we": "", "you": "", "he": "", "she": "", "they": "", "me": "", "us": "", "do": "", "does": "",
    "did": "", "have": "", "has": "", "had": "", "can": "", "could": "", "would": "", "should": "", "will": "",
    "there": "", "here": "", "hi": "", "hello": "", "please": "", "thanks": "", "thank": "", "get": "",
    "got": "", "if": "", "any": "", "some": "", "so": "", "just": "", "also": "", "about": "", "into": "",
    "out": "", "up": "", "i": "", "i m": "", "im": "", "want": "", "like": "", "know": "", "tell": "",
    "make": "", "go": "", "going": "", "still": "", "there s": "", "is there": "", "dear": "", "sir": "",
    "madam": "", "good": "", "morning": "", "afternoon": "", "evening": "", "not": "non", "no": "non",
}

# Words that carry no topic in a message to a public office: greetings, politeness, asking verbs, fillers.
# Kept out of matching so that "Buongiorno, vorrei sapere gentilmente…" weighs nothing.
FILLER: frozenset[str] = frozenset(
    """
    buongiorno buonasera buonanotte salve ciao ciaoo cordiali distinti grazie mille ringrazio anticipo
    gentile gentili gentilmente cortesemente cortese per favore piacere prego scusate scusa scusi disturbo
    vorrei volevo voglio vorremmo volevamo sapere chiedere chiedo domandare domanda informazione informazioni
    info sapreste saprebbe potreste potrebbe potete puo posso possiamo devo dobbiamo bisogna serve servono
    occorre fare faccio fa fatto come dove quando quanto quanti quale quali cosa chi perche qualcuno qualcosa
    allora dunque quindi comunque pero invece ok okay bene va beh boh mah ecco tipo insomma
    magari forse sempre mai oggi domani ieri adesso ora gia ancora solo soltanto tanto poco molto proprio
    signore signora dottore dottoressa sig sigra salvo favore aiuto aiutatemi aiutarmi
    scrivo scrivere scritto risposta rispondere qui li la lì vostro vostra vostri nostro nostra
    mio mia miei mie suo sua loro esso essa questo questa quello quella cioe ossia anche altro altra altri
    essere state stai sta stanno sono sei siamo siete era erano avere avuto ho hai ha abbiamo avete hanno c e non
    si no vocale trascritto prendere prendo prende ottenere ottengo ottiene ottenuto avere
    andare vado venire vengo mettere metto mettono dare via viale
    stamattina stasera stanotte ierisera stamani giorno giorni settimana settimane mese mesi anno anni
    ore mattina pomeriggio sera volta volte enorme grande grandissimo grossa grosso piccola tantissimo tantissime
    tanti tante davanti dietro sotto sopra accanto vicino vicini marito moglie sorella fratello zia zio amico
    amica suocero suocera cugino persona persone gente qualche nessuno niente nulla tutto tutti subito presto
    find looking wondering io tu lui lei noi voi date fate dite dico dice dicono far farlo farla fanno
    dargli darmi possibile
    """.split()  # noqa: SIM905 - a word list reads better as text
)
