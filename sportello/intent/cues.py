"""Cues for what a citizen wants: phrases grouped by kind, each group with a weight.

Phrases are plain text, matched on stems with typo tolerance and function words kept ("in via", "da giorni").
They describe how Italians (and tourists in English) ask, report, complain, book and subscribe in general;
none is taken from a particular message. Weights express how telling a group is, not how often it occurs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CueGroup:
    kind: str
    name: str
    weight: float
    phrases: tuple[str, ...]
    # A group that only means this kind next to one of these groups of the same kind ("vorrei" is a booking
    # cue only with "appuntamento"); alone it keeps `partnerless` of its weight.
    needs: tuple[str, ...] = ()
    # Words like "come", "quando", "serve" ask something only in a question ("come faccio?") or at the start
    # of a sentence; mid-statement they are conjunctions ("corrono come pazze") or requests ("serve il sale").
    question_only: bool = False
    partnerless: float = 0.3  # share of the weight kept when the needed partner group is absent
    # "Segnalare" inside a question asks how or where to report ("a chi devo segnalare...?"), not a report.
    statement_only: bool = False


KINDS = ("info", "report", "complaint", "booking", "subscription", "other")

# fmt: off
CUES: tuple[CueGroup, ...] = (
    # --- report: something is wrong out there and someone has to go and fix it -------------------------------
    CueGroup("report", "defect", 1.2, (
        "rotto", "rotta", "rotti", "guasto", "guasta", "spento", "spenta", "spenti", "danneggiato", "divelto",
        "divelta", "caduto", "caduta", "crollato", "crollata", "allagato", "allagata", "allagamento",
        "intasato", "otturato", "ostruito", "sfondato", "sollevato", "sollevata", "staccato", "staccata",
        "spezzato", "piegato", "inclinato", "pericolante", "sta cedendo", "sta per cadere", "cavi scoperti",
        "scoperto", "al buio", "buio", "lampeggia", "a intermittenza", "perde acqua", "perdita d'acqua",
        "perdita", "non funziona", "non funzionano", "non si accende", "non si accendono", "non si chiude",
        "non si apre", "non va più", "fuori servizio", "bloccata", "bloccato", "impraticabile", "ghiacciata",
        "stracolmo", "traboccano", "abbandonato", "abbandonata", "abbandonati", "abbandonate", "buttati",
        "scaricato", "ferito", "morto", "morta", "marcio", "sporco", "sporchi", "puzza", "odore", "fumo",
        "in fiamme", "brucia", "bruciando", "esonda", "smottamento", "frana", "sradicato", "broken",
        "not working", "doesn't work", "out of order", "flooded", "fallen", "leaking", "dumped", "spaccato",
        "spaccata", "sgretola", "sgretolato", "crepa", "crepe", "ceduto", "cede", "sprofondato", "rovinato",
        "rovinata", "distrutto", "distrutta", "storto", "ribaltato", "a terra", "pende", "pendente",
        "piove dentro", "infiltrazioni", "gocciola", "scoppiato", "è saltato", "difettoso", "malfunzionante",
        "tremolante", "sfarfalla", "non si vede niente", "invaso", "invasa", "pieno di", "piena di",
        "blocked", "damaged", "burst", "stuck",
    )),
    # Things that are a problem by themselves ("buca", "topi", "discarica").
    CueGroup("report", "hazard", 1.0, (
        "buca", "voragine", "discarica", "topi", "ratti", "vespe", "zanzare", "randagio", "carcassa",
        "siringhe", "calcinacci", "incendio", "fiamme", "fuga di gas", "perdita", "auto abbandonata",
        "in doppia fila", "sulle strisce", "schiamazzi", "musica alta", "spacciano", "vandali", "pothole",
        "rats",
    )),
    # Public assets and materials: a report only when something is said to be wrong with them.
    CueGroup("report", "asset", 0.7, (
        "lampione", "semaforo", "cartello", "tombino", "chiusino", "guardrail", "marciapiede", "rifiuti",
        "sacchi", "immondizia", "spazzatura", "ingombranti", "ramo", "albero", "gas", "acqua", "fango",
        "ghiaccio", "neve", "parcheggiata", "parcheggiato", "rumore", "streetlight", "garbage", "trash",
        "rubbish",
    ), needs=("defect", "happening", "since", "danger", "signal", "fix")),
    # Asking for a repair presumes a defect, even in a question ("quando lo sistemate?").
    CueGroup("report", "fix", 0.9, (
        "sistemate", "sistemare", "sistematelo", "riparate", "riparare", "riparatelo", "aggiustate",
        "aggiustare", "aggiustatelo", "togliere", "rimuovere", "rimuovetelo", "ripristinare", "fix it",
        "repair",
    )),
    CueGroup("report", "signal", 1.4, (
        "segnalo", "vi segnalo", "volevo segnalare", "vorrei segnalare", "desidero segnalare", "segnalazione",
        "vi informo che", "vi avviso che", "per vostra informazione", "mandate qualcuno", "venite a vedere",
        "intervenite", "serve un intervento", "chi viene a", "ecco la foto", "in allegato",
        "i want to report", "report a", "please send someone",
    ), statement_only=True),
    CueGroup("report", "happening", 0.9, (
        "hanno lasciato", "hanno abbandonato", "hanno buttato", "hanno scaricato", "hanno rotto",
        "hanno rubato", "hanno danneggiato", "è caduto", "è caduta", "si è rotto", "si è aperta",
        "si è staccato", "non è passato", "non sono passati", "non è passata", "non hanno ritirato",
        "non hanno raccolto", "non è stato", "manca", "mancano", "non c'è più", "è sparito", "sono spariti",
        "someone dumped",
    )),
    CueGroup("report", "since", 0.7, (
        "da giorni", "da ieri", "da stamattina", "da stanotte", "da ieri sera", "da una settimana",
        "da settimane", "da tre giorni", "da due giorni", "da lunedì", "da un mese", "stanotte", "stamattina",
        "ieri sera", "in questo momento", "adesso", "proprio ora", "tutte le notti", "tutte le sere",
        "ogni notte", "ogni sera", "tutto il giorno", "for days", "since yesterday", "this morning",
        "right now",
    )),
    CueGroup("report", "place", 0.5, (
        "in via", "in piazza", "in viale", "in corso", "in vicolo", "in località", "in frazione", "davanti a",
        "davanti al", "di fronte a", "all'altezza", "all'angolo", "angolo", "incrocio", "civico",
        "sotto casa", "vicino al", "vicino alla", "accanto a", "dietro", "lungo la strada", "sul ciglio",
        "in zona", "sulla strada per", "in front of", "near the", "on the corner",
    )),
    CueGroup("report", "danger", 0.8, (
        "pericolo", "pericoloso", "pericolosa", "pericolosissimo", "rischio", "urgente", "urgentemente",
        "subito", "si fa male", "qualcuno si fa male", "ho paura", "dangerous", "urgent",
    )),
    # --- complaint: dissatisfaction with the service or conduct, not a new defect ---------------------------
    CueGroup("complaint", "again", 1.3, (
        "ho già segnalato", "vi ho segnalato", "avevo segnalato", "ho segnalato", "già segnalato",
        "segnalato più volte", "ho chiamato", "abbiamo chiamato", "ho scritto", "vi ho scritto", "ho mandato",
        "terza volta", "quarta volta", "ennesima volta", "per l'ennesima", "di nuovo", "ancora una volta",
        "sempre la stessa", "ogni volta", "ogni anno", "ancora niente", "è ancora", "dopo un anno",
        "dopo mesi", "da mesi", "da anni", "mesi che", "anni che", "sono mesi", "sono settimane",
        "ancora in attesa", "sto aspettando", "aspetto da", "aspettiamo da", "again", "still", "reported it",
    )),
    CueGroup("complaint", "nobody", 1.2, (
        "nessuno risponde", "non risponde nessuno", "non risponde mai", "nessuno mi ha risposto",
        "nessuno ha risposto", "non mi avete risposto", "nessuno è venuto", "non è venuto nessuno",
        "non si vede nessuno", "nessuno controlla", "nessuno ci ascolta", "nessuno fa niente",
        "nessuno interviene", "non fate niente", "non fate nulla", "nobody answers", "nobody came",
    )),
    CueGroup("complaint", "judgement", 1.3, (
        "vergogna", "vergognoso", "vergognatevi", "scandalo", "scandaloso", "inaccettabile", "inammissibile",
        "assurdo", "pessimo", "pessima", "disservizio", "lamentela", "reclamo", "protesta", "non è giusto",
        "non mi sembra giusto", "ingiusto", "ridicolo", "indecente", "vergognosa", "incompetenti", "incapaci",
        "scortese", "maleducato", "maleducata", "sgarbato", "che schifo", "fa schifo", "complimenti davvero",
        "bel servizio", "non è accettabile", "mi avete", "avete sbagliato", "errore vostro", "vostro errore",
        "fatto male", "lavoro fatto male", "soldi buttati", "unacceptable", "disgrace", "scam", "terrible",
        "ridiculous",
    )),
    CueGroup("complaint", "why", 0.6, (
        "perché", "come mai", "why",
    ), question_only=True),
    CueGroup("complaint", "cost", 0.9, (
        "è aumentata", "è aumentato", "aumento", "raddoppiata", "raddoppiato", "troppo cara", "troppo caro",
        "troppo alta", "rimborsatemi", "multa ingiusta",
    )),
    CueGroup("complaint", "insult", 1.0, (
        "cazzo", "cazzi", "minchia", "merda", "stronzi", "stronzo", "vaffanculo", "coglioni", "cagare",
        "fottuti", "schifo", "ladri", "ladro", "maledetti", "bastardi", "buffoni", "pagliacci", "idioti",
        "imbecilli", "cretini", "deficienti", "fucking", "idiots",
    )),
    # --- info: a question or a request for information or a document ---------------------------------------
    CueGroup("info", "wh", 0.7, (
        "come", "quando", "dove", "quanto", "quanta", "quanti", "quante", "quale", "quali", "cosa",
        "che cosa", "a che ora", "che orari", "entro quando", "fino a quando", "a chi", "chi", "what", "when",
        "where", "which", "who", "how",
    ), question_only=True),
    CueGroup("info", "ask", 1.2, (
        "come faccio", "come si fa", "come si", "come posso", "come devo", "cosa devo fare", "a chi devo",
        "a chi mi", "a chi rivolgermi", "si può", "si possono", "è possibile", "vorrei sapere",
        "volevo sapere", "vorrei informazioni", "volevo informazioni", "informazioni", "info",
        "mi sapete dire", "sapete dirmi", "potete dirmi", "potreste dirmi", "mi dite", "sapreste", "chiedo",
        "domanda", "una domanda", "chiedevo", "esiste", "è previsto", "è prevista", "è vero che", "vale",
        "vale ancora", "risulta", "si paga", "costa", "mi serve", "è aperto", "è aperta", "can i", "can we",
        "do i", "do we", "is there", "are there", "is it", "could you tell", "i need to know",
        "i would like to know", "how do i", "how can i", "how much", "what time",
    )),
    CueGroup("info", "modal", 0.9, (
        "posso", "possiamo", "devo", "dobbiamo", "bisogna", "serve", "servono", "occorre", "c'è bisogno",
        "mi serve", "risulta", "risultano", "c'è", "ci sono", "è normale",
    ), question_only=True),
    CueGroup("info", "document", 0.7, (
        "certificato", "modulo", "documenti necessari", "requisiti", "scadenza", "scade", "orari", "orario",
        "costo", "tariffa", "bando", "graduatoria", "domanda per", "fare domanda", "richiesta",
    )),
    # --- booking: an appointment, or moving or cancelling one, including home visits and pickups -----------
    CueGroup("booking", "book", 2.0, (
        "prenotare", "prenotazione", "prenoto", "prenotarmi", "prenotarci", "si prenota", "appuntamento",
        "fissare un appuntamento", "prendere appuntamento", "avere un appuntamento",
        "chiedere un appuntamento", "spostare l'appuntamento", "anticipare l'appuntamento", "disdire",
        "disdetta", "annullare l'appuntamento", "cancellare la prenotazione", "colloquio", "ricevimento",
        "ritiro a domicilio", "ritiro ingombranti", "venire a casa", "visita a domicilio", "book", "booking",
        "appointment", "reserve", "reservation",
    ), needs=("want",), partnerless=0.6),
    CueGroup("booking", "want", 1.0, (
        "vorrei", "vorremmo", "volevo", "posso", "possiamo", "si può", "è possibile", "potete", "mi serve",
        "ci serve", "come si", "come posso", "come faccio", "dove si", "i need", "i would like", "can i",
        "how do i", "how can i",
    ), needs=("book",)),
    # Trying and failing to book is a grievance about the booking system, not a booking request.
    CueGroup("complaint", "booking failed", 1.0, (
        "ho provato a prenotare", "ho cercato di prenotare", "non riesco a prenotare",
        "impossibile prenotare", "non si riesce a prenotare", "nessun posto libero", "primo posto libero",
        "primo appuntamento disponibile",
    )),
    # An appointment the citizen already has is context for a question, not a booking request.
    CueGroup("info", "booked", 1.6, (
        "ho la prenotazione", "ho prenotato", "avevo prenotato", "ho già prenotato", "ho un appuntamento",
        "ho già un appuntamento", "abbiamo prenotato", "i have an appointment", "i booked",
    )),
    # --- subscription: join or leave a list of alerts, news or reminders ---------------------------------
    CueGroup("subscription", "list", 1.2, (
        "lista", "liste", "newsletter", "notizie", "notiziario", "avvisi", "allerte", "bollettino",
        "promemoria", "comunicazioni", "aggiornamenti", "broadcast", "mailing list", "alerts", "news",
        "updates", "list",
    ), needs=("join_leave",)),
    CueGroup("subscription", "join_leave", 1.6, (
        "iscrivermi", "iscrivetemi", "iscriversi", "mi iscrivo", "iscrivere anche me", "aggiungetemi",
        "inseritemi", "attivare", "attivatemi", "ricevere", "cancellatemi", "cancellarmi", "toglietemi",
        "togliermi", "disiscrivermi", "disiscrizione", "non ricevere più", "uscire dalla lista",
        "smettere di ricevere", "stop messaggi", "subscribe", "unsubscribe", "sign me up", "remove me",
        "stop sending",
    ), needs=("list",)),
    # --- other: greetings, thanks, chit-chat, unclear, unsolicited content --------------------------------
    CueGroup("other", "courtesy", 0.9, (
        "grazie", "grazie mille", "ringrazio", "ringraziare", "volevo ringraziare", "gentilissimi",
        "gentilissima", "bravi", "bravissimi", "ottimo lavoro", "ok", "okay", "perfetto", "va bene",
        "d'accordo", "ricevuto", "tutto risolto", "scusate il disturbo", "ciao", "salve", "buongiorno",
        "buonasera", "arrivederci", "thanks", "thank you", "hello", "hi", "great job",
    )),
    CueGroup("other", "unsolicited", 1.6, (
        "guadagna", "guadagnare", "guadagno", "bitcoin", "crypto", "criptovalute", "casino", "bonus",
        "offerta", "offerte", "promozione", "sconto", "gratis", "clicca", "clicca qui", "vendo", "vendiamo",
        "candidato", "raccolta fondi", "colletta", "donate", "donazioni", "ricarica", "paypal", "gofundme",
        "iscriviti al canale", "earn", "free", "join now", "click",
    )),
)
# fmt: on
