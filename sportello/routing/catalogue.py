"""The default Italian catalogue of municipal departments, written from knowledge of municipal services.

It is the starting configuration a municipality edits (it becomes the departments' categories and keywords in
the database). Keywords are plain words and short phrases in Italian, with the commonest English a tourist or
resident foreigner would use. Inflections, accents and small typos are handled by the matcher, so one form per
word is enough; acronyms are written in capitals. A phrase configured for two departments counts half for each.
"""

from __future__ import annotations

from sportello.routing.profile import Category, DepartmentProfile

C = Category

# fmt: off
ANAGRAFE = DepartmentProfile(
    code="anagrafe",
    name="Anagrafe e stato civile",
    description="Servizi demografici: documenti, residenza, certificati, stato civile, elettorale",
    keywords=(
        "anagrafe", "servizi demografici", "ufficio anagrafe", "sportello anagrafe", "registry office",
    ),
    categories=(
        C("carta d'identità", (
            "carta d'identità", "carta di identità", "carta identità elettronica", "CIE",
            "documento d'identità", "rinnovo carta d'identità", "duplicato carta d'identità",
            "validità per l'espatrio", "impronte digitali", "fototessera", "identity card", "ID card",
            "electronic ID",
        )),
        C("residenza", (
            "residenza", "cambio di residenza", "cambio di indirizzo", "cambio abitazione",
            "trasferimento di residenza", "dichiarazione di residenza", "iscrizione anagrafica",
            "cancellazione anagrafica", "irreperibilità", "accertamento di residenza", "residenti",
            "dimora abituale", "emigrazione", "immigrazione da altro comune", "residence",
            "register my residence", "registration", "trasferirsi",
        )),
        C("certificati", (
            "certificato", "certificato di residenza", "stato di famiglia", "certificato di nascita",
            "certificato contestuale", "estratto di nascita", "estratto dell'atto", "certificato storico",
            "autocertificazione", "carta semplice", "marca da bollo", "ANPR", "anagrafe nazionale",
            "certificate", "birth certificate",
        )),
        C("stato civile", (
            "stato civile", "atto di nascita", "dichiarazione di nascita", "riconoscimento del figlio",
            "matrimonio", "pubblicazioni di matrimonio", "matrimonio civile", "unione civile",
            "convivenza di fatto", "separazione", "divorzio", "decesso", "atto di morte",
            "certificato di morte", "denuncia di morte", "cittadinanza", "giuramento", "DAT",
            "testamento biologico", "disposizioni anticipate di trattamento", "cremazione", "marriage",
            "civil union",
        )),
        C("elettorale", (
            "tessera elettorale", "ufficio elettorale", "liste elettorali", "albo scrutatori", "scrutatore",
            "presidente di seggio", "seggio", "votare", "voto domiciliare", "voto assistito", "elezioni",
            "electoral card",
        )),
        C("AIRE", (
            "AIRE", "italiani all'estero", "iscrizione AIRE", "consolato", "residente all'estero",
        )),
        C("autentiche", (
            "autentica della firma", "autenticazione firma", "copia conforme", "legalizzazione della foto",
            "passaggio di proprietà", "delega",
        )),
        C("cittadini stranieri", (
            "attestazione di soggiorno", "cittadino comunitario", "cittadino straniero",
            "permesso di soggiorno", "cittadino extracomunitario", "EU citizen", "residence permit",
        )),
    ),
)

TRIBUTI = DepartmentProfile(
    code="tributi",
    name="Tributi",
    description="Imposte e tasse locali, pagamenti, rimborsi, accertamenti",
    keywords=(
        "tributi", "ufficio tributi", "tassa", "tasse", "imposta", "tributo", "tax", "taxes",
    ),
    categories=(
        C("IMU", (
            "IMU", "imposta municipale", "seconda casa", "abitazione principale", "aliquota",
            "rendita catastale", "terreni agricoli", "area fabbricabile", "comodato d'uso", "F24",
            "ravvedimento operoso", "property tax",
        )),
        C("TARI", (
            "TARI", "tassa rifiuti", "tassa sui rifiuti", "tariffa rifiuti", "bolletta rifiuti",
            "superficie tassabile", "metri quadri tassati", "riduzione TARI", "agevolazione TARI",
            "riduzione compostaggio", "utenza domestica", "utenza non domestica", "cessazione utenza",
            "numero occupanti", "waste tax",
        )),
        C("avvisi di pagamento", (
            "pagoPA", "avviso di pagamento", "avviso pagoPA", "bollettino", "rata", "rate", "rateizzare",
            "rateizzazione", "scadenza", "versamento", "bonifico", "tesoreria", "tesoreria comunale", "IBAN",
            "ricevuta di pagamento", "app IO", "payment", "pay the bill",
        )),
        C("rimborsi", (
            "rimborso", "sgravio", "doppio pagamento", "compensazione", "refund",
        )),
        C("accertamenti", (
            "accertamento", "avviso di accertamento", "cartella", "ingiunzione", "riscossione", "sollecito",
            "morosità", "autotutela", "ricorso tributario", "interessi di mora",
        )),
        C("canone unico", (
            "canone unico", "canone patrimoniale", "canone occupazione", "canone dehors",
            "imposta di pubblicità", "pubbliche affissioni", "imposta di soggiorno", "addizionale IRPEF",
        )),
    ),
)

STRADE = DepartmentProfile(
    code="strade",
    name="Strade e manutenzione",
    description="Strade, marciapiedi, segnaletica, semafori, neve, lavori stradali",
    keywords=(
        "strada", "strade", "stradale", "manutenzione strade", "lavori pubblici", "carreggiata", "corsia",
        "road", "street", "ufficio manutenzione",
    ),
    categories=(
        C("buche", (
            "buca", "buche", "voragine", "avvallamento", "asfalto", "asfaltatura", "asfaltare",
            "rifacimento asfalto", "manto stradale", "fondo stradale", "asfalto rovinato",
            "strada dissestata", "crepa nell'asfalto", "pavimentazione", "sampietrini", "porfido", "pothole",
            "potholes",
        )),
        C("marciapiedi", (
            "marciapiede", "mattonelle", "piastrelle", "cordolo", "scivolo", "barriere architettoniche",
            "portici", "pavimentazione sconnessa", "inciampare", "pavement", "sidewalk",
        )),
        C("tombini", (
            "tombino", "chiusino", "caditoia", "caditoie", "griglia", "coperchio", "pozzetto", "grata",
            "fognatura", "allaccio fognario", "manhole",
        )),
        C("segnaletica", (
            "segnaletica", "segnaletica orizzontale", "segnaletica verticale", "cartello",
            "cartello stradale", "segnale di stop", "stop", "precedenza", "senso unico", "strisce pedonali",
            "strisce", "attraversamento pedonale", "specchio parabolico", "dosso", "dossi", "rallentatore",
            "guardrail", "guard rail", "paletti", "dissuasori", "transenne", "road sign", "zebra crossing",
        )),
        C("semafori", (
            "semaforo", "semafori", "semaforo pedonale", "semaforo lampeggiante", "pulsante pedonale",
            "traffic light",
        )),
        C("neve e ghiaccio", (
            "neve", "ghiaccio", "spazzaneve", "spargere il sale", "sale antigelo", "salatura", "spalatura",
            "spalare", "sgombero neve", "strada ghiacciata", "gelata", "lastra di ghiaccio", "piano neve",
            "snow", "icy",
        )),
        C("lavori stradali", (
            "lavori stradali", "cantiere stradale", "chiusura per lavori", "strada chiusa per lavori",
            "deviazione", "rotonda", "rotatoria", "ponte", "cavalcavia", "pista ciclabile", "ciclabile",
            "banchina", "cunetta", "muro di sostegno", "road works", "roadworks",
        )),
        C("scavi e permessi di scavo", (
            "permesso di scavo", "manomissione suolo pubblico", "scavo", "allacciamento", "passo carraio",
        )),
        C("danni da insidia stradale", (
            "risarcimento danni", "danni all'auto", "insidia stradale", "sinistro stradale", "gomma bucata",
            "pneumatico", "ammortizzatore", "car damage",
        )),
    ),
)

ILLUMINAZIONE = DepartmentProfile(
    code="illuminazione",
    name="Illuminazione pubblica",
    description="Lampioni spenti o guasti, pali, cavi, LED",
    keywords=(
        "illuminazione", "illuminazione pubblica", "pubblica illuminazione", "punto luce", "street lighting",
    ),
    categories=(
        C("lampioni spenti", (
            "lampione", "lampioni", "lampione spento", "lampioni spenti", "luce spenta", "luci spente",
            "lampada", "lampadina", "luce", "luci", "al buio", "buio", "strada buia", "zona buia",
            "non si accendono", "streetlight", "street light", "lamp", "lights out", "dark",
        )),
        C("lampioni guasti", (
            "lampeggia", "intermittenza", "sfarfalla", "si accende e si spegne", "accesi di giorno",
            "luce fioca", "flickering",
        )),
        C("pali e cavi", (
            "palo della luce", "pali della luce", "palo", "pali", "palo inclinato", "cavi scoperti",
            "fili scoperti", "cavi elettrici", "quadro elettrico", "exposed cables",
        )),
        C("LED", (
            "LED", "lampade a LED", "sostituzione lampade", "riqualificazione illuminazione", "faretti",
            "proiettori",
        )),
        C("sottopassi e parchi bui", (
            "sottopasso buio", "parco al buio", "illuminazione del parco", "galleria buia",
        )),
    ),
)

AMBIENTE = DepartmentProfile(
    code="ambiente",
    name="Ambiente, rifiuti e verde",
    description="Raccolta rifiuti, ingombranti, abbandoni, verde pubblico, animali, infestazioni, inquinamento",
    keywords=(
        "ambiente", "ufficio ambiente", "igiene urbana", "ecologia", "environment",
    ),
    categories=(
        C("raccolta rifiuti", (
            "rifiuti", "raccolta", "raccolta differenziata", "differenziata", "immondizia", "spazzatura",
            "munnizza", "pattume", "rusco", "sacchi", "sacchetti", "sacco", "bidone", "bidoni", "bidoncino",
            "mastello", "cassonetto", "cassonetti", "campana del vetro", "vetro", "plastica",
            "carta e cartone", "umido", "organico", "secco", "indifferenziata", "multimateriale",
            "calendario della raccolta", "porta a porta", "mancato ritiro", "non hanno ritirato",
            "camion dei rifiuti", "netturbini", "operatori ecologici", "raccolta rifiuti", "garbage", "trash",
            "rubbish", "recycling", "bin", "waste collection", "glass",
        )),
        C("ingombranti", (
            "ingombranti", "ritiro ingombranti", "RAEE", "elettrodomestici", "frigorifero", "lavatrice",
            "materasso", "divano", "mobili vecchi", "isola ecologica", "centro di raccolta", "ecocentro",
            "stazione ecologica", "olio esausto", "pile esauste", "farmaci scaduti", "bulky waste",
        )),
        C("abbandono rifiuti", (
            "rifiuti abbandonati", "abbandono di rifiuti", "discarica abusiva", "discarica", "eternit",
            "amianto", "copertoni", "sacchi abbandonati", "bruciare rifiuti", "rifiuti bruciati",
            "fly tipping", "dumped",
        )),
        C("verde pubblico", (
            "verde pubblico", "giardino pubblico", "giardini pubblici", "parco", "parchi", "area verde",
            "aiuola", "aiuole", "albero", "alberi", "potatura", "potare gli alberi", "sfalcio", "erba alta",
            "siepe", "ramo", "rami", "radici", "abbattimento alberi", "taglio degli alberi", "tronco", "pino",
            "tiglio", "quercia", "foglie", "panchina", "fontanella", "area cani", "park",
        )),
        C("animali", (
            "animali", "animale", "cane", "cani", "gatto", "gatti", "randagio", "randagi", "colonia felina",
            "canile", "gattile", "anagrafe canina", "microchip", "cane smarrito", "animale morto", "carcassa",
            "deiezioni", "cinghiali", "fauna selvatica", "animali selvatici", "piccioni", "gabbiani",
            "nutrie", "guinzaglio", "veterinario", "dog", "cat", "stray",
        )),
        C("infestazioni", (
            "topi", "ratti", "derattizzazione", "disinfestazione", "zanzare", "zanzara tigre", "vespe",
            "calabroni", "nido di vespe", "processionaria", "blatte", "scarafaggi", "zecche", "pulci", "rats",
            "mosquitoes",
        )),
        C("inquinamento", (
            "inquinamento", "scarichi", "scarico abusivo", "moria di pesci", "puzza", "miasmi",
            "cattivi odori", "roghi", "smog", "qualità dell'aria", "acqua inquinata", "inquinamento acustico",
            "rumore", "pollution",
        )),
        C("pulizia strade", (
            "spazzamento", "pulizia delle strade", "spazzatrice", "cestino", "cestini", "street cleaning",
        )),
    ),
)

POLIZIA_LOCALE = DepartmentProfile(
    code="polizia_locale",
    name="Polizia locale",
    description="Multe, sosta, viabilità, ZTL, contrassegni, quiete pubblica, sicurezza urbana, oggetti smarriti",
    keywords=(
        "polizia locale", "polizia municipale", "vigili", "vigile", "vigili urbani", "comando", "agenti",
        "pattuglia", "police", "local police",
    ),
    categories=(
        C("multe e verbali", (
            "multa", "multe", "contravvenzione", "verbale", "sanzione", "divieto di sosta", "autovelox",
            "velox", "ricorso", "giudice di pace", "prefetto", "punti della patente", "notifica del verbale",
            "pagamento multa", "parking ticket", "parking fine", "traffic fine", "speeding ticket",
        )),
        C("sosta e veicoli", (
            "parcheggio", "parcheggiare", "parcheggiato", "parcheggiata", "sosta", "doppia fila",
            "posto auto", "stallo", "stallo disabili", "passo carrabile", "auto abbandonata",
            "veicolo abbandonato", "macchina abbandonata", "rimozione", "carro attrezzi", "targa",
            "senza targa", "strisce blu", "parcheggio selvaggio", "sosta vietata", "camper", "parking",
            "parked",
        )),
        C("viabilità e traffico", (
            "traffico", "viabilità", "ZTL", "varco", "zona a traffico limitato", "permesso ZTL",
            "strade chiuse", "chiusura al traffico", "limite di velocità", "eccesso di velocità", "incidente",
            "incidente stradale", "controlli", "ordinanza", "divieto", "transito", "mezzi pesanti", "camion",
            "motorini", "scooter", "monopattini", "gara podistica", "manifestazione sportiva", "corteo",
            "traffic",
        )),
        C("contrassegno disabili", (
            "contrassegno disabili", "contrassegno invalidi", "pass disabili", "CUDE", "permesso invalidi",
            "disabled badge", "blue badge",
        )),
        C("quiete pubblica", (
            "schiamazzi", "musica alta", "disturbo della quiete", "quiete pubblica", "movida",
            "rumore notturno", "abbaiare", "vicino di casa", "lite", "litigio", "ubriachi", "alcolici",
            "rumore", "noise at night",
        )),
        C("sicurezza urbana", (
            "spaccio", "spacciano", "droga", "furto", "furti", "ladri", "rubato", "vandali", "vandalismo",
            "scritte sui muri", "graffiti", "bivacco", "accattonaggio", "abusivi", "venditori abusivi",
            "ambulanti abusivi", "parcheggiatore abusivo", "merce contraffatta", "telecamere",
            "videosorveglianza", "minacce", "aggressione", "sicurezza", "denuncia", "theft", "drugs",
        )),
        C("oggetti smarriti", (
            "oggetti smarriti", "oggetti rinvenuti", "ufficio oggetti smarriti", "portafoglio", "zaino",
            "chiavi", "oggetto trovato", "ritrovato", "smarrito", "lost and found", "lost property", "wallet",
        )),
        C("occupazioni temporanee", (
            "occupazione suolo pubblico", "occupazione di suolo pubblico", "trasloco", "fuochi d'artificio",
            "permesso di transito", "autorizzazione in deroga",
        )),
    ),
)

SOCIALE = DepartmentProfile(
    code="sociale",
    name="Servizi sociali",
    description="Anziani, disabilità, casa, sostegno economico, famiglia, persone in difficoltà",
    keywords=(
        "servizi sociali", "assistente sociale", "assistenti sociali", "sportello sociale",
        "segretariato sociale", "welfare", "social services", "social worker",
    ),
    categories=(
        C("anziani", (
            "anziano", "anziani", "anziana", "assistenza domiciliare", "SAD", "pasti a domicilio", "badante",
            "RSA", "casa di riposo", "centro diurno", "non autosufficiente", "telesoccorso", "teleassistenza",
            "solitudine", "vive da sola", "vive da solo", "elderly",
        )),
        C("disabilità", (
            "disabilità", "disabile", "invalidità", "invalido", "legge 104", "indennità di accompagnamento",
            "trasporto disabili", "caregiver", "assistenza educativa", "disability",
        )),
        C("alloggi e affitto", (
            "case popolari", "casa popolare", "alloggi popolari", "alloggio popolare", "ERP",
            "edilizia residenziale pubblica", "graduatoria case", "ufficio casa", "contributo affitto",
            "sostegno all'affitto", "morosità incolpevole", "sfratto", "sfrattati", "emergenza abitativa",
            "senza casa", "senzatetto", "senza fissa dimora", "dormitorio", "homeless", "social housing",
            "rent support",
        )),
        C("sostegno economico", (
            "contributo economico", "sussidio", "assegno di inclusione", "reddito di inclusione", "ISEE",
            "basso reddito", "buoni spesa", "pacco alimentare", "banco alimentare", "povertà", "disoccupato",
            "disoccupata", "bonus sociale", "carta dedicata a te", "difficoltà economiche",
            "non arrivo a fine mese",
        )),
        C("famiglia e minori", (
            "famiglia", "famiglie", "maternità", "assegno di maternità", "minori", "affido", "adozione",
            "tutela minori", "centro per le famiglie", "consultorio", "violenza domestica",
            "centro antiviolenza", "donne in difficoltà", "maltrattamenti", "mediazione familiare",
            "centri estivi contributo",
        )),
        C("fragilità", (
            "disagio", "fragilità", "emarginazione", "dipendenze", "persona in difficoltà",
            "isolamento sociale", "integrazione",
        )),
    ),
)

SCUOLA = DepartmentProfile(
    code="scuola",
    name="Scuola e servizi educativi",
    description="Nidi e infanzia, mensa, trasporto scolastico, pre e post scuola, edifici scolastici",
    keywords=(
        "scuola", "scuole", "scolastico", "scolastica", "servizi educativi", "ufficio scuola", "istruzione",
        "school", "pubblica istruzione",
    ),
    categories=(
        C("nido e infanzia", (
            "asilo nido", "nido", "micronido", "scuola dell'infanzia", "scuola materna", "materna", "asilo",
            "sezione primavera", "iscrizione al nido", "graduatoria nido", "retta", "rette", "inserimento",
            "kindergarten", "nursery", "preschool",
        )),
        C("mensa", (
            "mensa", "mensa scolastica", "refezione", "menu", "menù", "pasto", "pasti", "dieta speciale",
            "dieta", "celiaco", "celiachia", "allergia", "intolleranza", "buoni pasto", "commissione mensa",
            "canteen", "school meals",
        )),
        C("trasporto scolastico", (
            "scuolabus", "pulmino", "trasporto scolastico", "fermata dello scuolabus", "autista",
            "accompagnatrice", "school bus",
        )),
        C("servizi scolastici", (
            "pre-scuola", "prescuola", "pre scuola", "post-scuola", "post scuola", "doposcuola",
            "centri estivi", "libri di testo", "cedole librarie", "diritto allo studio", "borsa di studio",
            "iscrizione a scuola", "calendario scolastico", "insegnante", "maestra", "maestre", "alunni",
            "studenti", "classe", "enrol", "enroll",
        )),
        C("edifici scolastici", (
            "primaria", "scuola primaria", "elementari", "scuola media", "medie", "secondaria", "plesso",
            "istituto comprensivo", "palestra", "cortile della scuola", "aula", "aule",
            "riscaldamento della scuola", "edificio scolastico",
        )),
    ),
)

CULTURA_EVENTI = DepartmentProfile(
    code="cultura_eventi",
    name="Cultura, eventi e turismo",
    description="Eventi, feste, biblioteca, musei, teatro, turismo",
    keywords=(
        "cultura", "ufficio cultura", "turismo", "tourist", "tourism", "events", "event",
    ),
    categories=(
        C("eventi", (
            "evento", "eventi", "manifestazione", "festa", "festival", "sagra", "fiera", "mercatino",
            "concerto", "spettacolo", "rassegna", "programma degli eventi", "calendario eventi", "capodanno",
            "carnevale", "luminarie", "cinema all'aperto", "notte bianca", "weekend", "what's on",
        )),
        C("biblioteca", (
            "biblioteca", "prestito", "prestito libri", "libri", "tessera della biblioteca", "sala studio",
            "emeroteca", "mediateca", "DVD", "ludoteca", "library", "books",
        )),
        C("musei", (
            "museo", "musei", "mostra", "esposizione", "pinacoteca", "galleria d'arte", "monumento",
            "castello", "torre civica", "rocca", "biglietto", "visita guidata", "visite guidate",
            "sito archeologico", "archeologico", "museum", "exhibition", "guided tour",
        )),
        C("teatro", (
            "teatro", "teatro comunale", "stagione teatrale", "abbonamento", "auditorium", "cinema",
            "biglietteria", "platea", "theatre", "theater",
        )),
        C("turismo", (
            "ufficio turistico", "informazioni turistiche", "IAT", "pro loco", "turisti", "visitatori",
            "itinerari", "centro storico", "tourist office", "old town", "sightseeing",
        )),
        C("sale civiche e associazioni", (
            "sala civica", "sale comunali", "patrocinio", "associazioni culturali", "associazione",
            "sala per eventi",
        )),
    ),
)

EDILIZIA = DepartmentProfile(
    code="edilizia",
    name="Edilizia privata e urbanistica",
    description="Pratiche edilizie, SUE, SUAP, condoni, urbanistica, paesaggio, catasto, sicurezza cantieri",
    keywords=(
        "edilizia", "edilizia privata", "ufficio tecnico", "tecnico comunale", "urbanistica", "geometra",
        "architetto", "building permit", "planning permission",
    ),
    categories=(
        C("pratiche edilizie", (
            "pratica edilizia", "pratiche edilizie", "titolo edilizio", "CILA", "SCIA",
            "permesso di costruire", "DIA", "agibilità", "edilizia libera", "sportello unico edilizia", "SUE",
            "inizio lavori", "fine lavori", "variante", "ristrutturazione", "ristrutturare", "ampliamento",
            "sopraelevazione", "demolizione", "frazionamento", "cambio di destinazione d'uso", "superbonus",
            "bonus edilizi", "pergola", "veranda", "tettoia", "gazebo", "recinzione", "muro di cinta",
            "finestre", "infissi", "facciata", "cappotto", "tende da sole", "pannelli solari", "fotovoltaico",
            "canna fumaria", "piscina", "parere preventivo", "accesso agli atti edilizi",
        )),
        C("condono", (
            "condono", "sanatoria", "sanare", "abuso edilizio", "abusivismo edilizio", "opere abusive",
            "accertamento di conformità", "difformità", "costruzione abusiva",
        )),
        C("urbanistica", (
            "piano regolatore", "PRG", "PGT", "PUC", "PUG", "piano urbanistico", "variante urbanistica",
            "zonizzazione", "edificabile", "terreno edificabile", "certificato di destinazione urbanistica",
            "CDU", "lottizzazione", "piano attuativo", "vincolo",
        )),
        C("paesaggio", (
            "autorizzazione paesaggistica", "vincolo paesaggistico", "soprintendenza",
            "centro storico vincolato",
        )),
        C("catasto", (
            "catasto", "visura", "visura catastale", "accatastamento", "planimetria", "mappale", "particella",
            "DOCFA",
        )),
        C("SUAP", (
            "SUAP", "sportello unico attività produttive", "attività produttive", "aprire un'attività",
            "apertura attività", "avviare un'attività", "aprire un negozio", "commercio", "licenza",
            "pubblico esercizio", "insegna", "vetrina", "laboratorio artigianale",
        )),
        C("cantieri e sicurezza edifici", (
            "cantiere", "ponteggio", "ponteggi", "impalcatura", "calcinacci", "edificio pericolante",
            "crollo", "cornicione", "tegole", "tetto", "stabile fatiscente", "rudere", "palazzina",
            "inagibile", "cartello di cantiere", "gru", "building site", "scaffolding",
        )),
    ),
)

PROTEZIONE_CIVILE = DepartmentProfile(
    code="protezione_civile",
    name="Protezione civile",
    description="Allerte, alluvioni, frane, incendi, terremoti, emergenze, caldo, volontariato",
    keywords=(
        "protezione civile", "emergenza", "emergenze", "civil protection", "emergency",
    ),
    categories=(
        C("allerte meteo", (
            "allerta", "allerta meteo", "allerta rossa", "allerta arancione", "allerta gialla",
            "avviso meteo", "bollettino meteo", "maltempo", "temporale", "nubifragio", "bomba d'acqua",
            "vento forte", "tromba d'aria", "grandine", "IT-alert", "weather warning", "weather alert",
            "storm",
        )),
        C("alluvioni", (
            "alluvione", "alluvionati", "esondazione", "esondato", "fiume in piena", "fiume", "torrente",
            "argine", "livello dell'acqua", "allagamento", "allagato", "sacchi di sabbia", "idrovora",
            "flood", "flooding",
        )),
        C("frane", (
            "frana", "smottamento", "dissesto idrogeologico", "caduta massi", "landslide",
        )),
        C("incendi", (
            "incendio", "incendi", "fiamme", "fuoco", "incendio boschivo", "sterpaglie", "vigili del fuoco",
            "115", "fire", "wildfire",
        )),
        C("terremoto", (
            "terremoto", "scossa", "sisma", "sismico", "earthquake",
        )),
        C("emergenze", (
            "odore di gas", "fuga di gas", "gas", "evacuazione", "evacuare", "piano di emergenza",
            "area di attesa", "punto di raccolta emergenza", "albero caduto", "alberi caduti",
            "ondata di calore", "caldo", "afa", "luoghi climatizzati", "blackout", "danni del maltempo",
            "contributo danni",
        )),
        C("volontariato", (
            "volontari", "volontario", "volontariato", "gruppo comunale", "volunteers",
        )),
    ),
)

URP = DepartmentProfile(
    code="urp",
    name="URP - Ufficio relazioni con il pubblico",
    description="Orari, contatti, servizio WhatsApp, accesso agli atti, sindaco, reclami sul servizio, messaggi generici",
    keywords=(
        "URP", "ufficio relazioni con il pubblico", "relazioni con il pubblico", "citizens office",
    ),
    categories=(
        C("orari e contatti", (
            "orari", "orario", "orari di apertura", "contatti", "numero di telefono", "centralino",
            "indirizzo email", "PEC", "indirizzo PEC", "posta certificata", "quale ufficio", "opening hours",
            "contact",
        )),
        C("servizio WhatsApp", (
            "whatsapp", "chat", "numero whatsapp", "servizio whatsapp", "risposta automatica",
            "mandare un vocale", "messaggi vocali", "bot", "operatore", "app del comune",
        )),
        C("accesso agli atti", (
            "accesso agli atti", "accesso civico", "albo pretorio", "delibera", "determina", "trasparenza",
            "amministrazione trasparente", "protocollo", "responsabile del procedimento",
        )),
        C("sindaco e giunta", (
            "sindaco", "assessore", "assessori", "giunta", "consiglio comunale", "ricevimento del sindaco",
            "mayor",
        )),
        C("servizi digitali", (
            "SPID", "identità digitale", "credenziali", "sito del comune", "sito internet", "portale",
            "password",
        )),
        C("reclami sul servizio", (
            "reclamo", "reclami", "lamentela", "suggerimento", "disservizio", "nessuno mi ha risposto",
            "nessuno risponde",
        )),
        C("fuori tema", (
            "bitcoin", "crypto", "criptovalute", "casino online", "scommesse", "guadagna", "guadagnare",
            "bonus senza deposito", "offerte", "clicca qui", "telegram", "hai vinto", "premio", "IPTV",
            "streaming", "candidato", "lista civica", "partito politico", "raccolta fondi", "colletta",
            "gofundme", "paypal", "postepay", "ricarica", "promozione", "earn money",
        )),
    ),
)
# fmt: on

DEFAULT_CATALOGUE: tuple[DepartmentProfile, ...] = (
    ANAGRAFE,
    TRIBUTI,
    STRADE,
    ILLUMINAZIONE,
    AMBIENTE,
    POLIZIA_LOCALE,
    SOCIALE,
    SCUOLA,
    CULTURA_EVENTI,
    EDILIZIA,
    PROTEZIONE_CIVILE,
    URP,
)
# The department that receives greetings, thanks, unclear and off-topic messages.
FALLBACK_DEPARTMENT = "urp"


def default_profiles() -> list[DepartmentProfile]:
    return list(DEFAULT_CATALOGUE)
