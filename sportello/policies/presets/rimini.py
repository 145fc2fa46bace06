"""Rimini (seed 003_88964eb471e595c2.txt): "WhatsUrp", two-way (reports included) and two lists joined with
«ISCRIZIONE ON» after accepting the policy, one chosen with a tag, left with «ISCRIZIONE OFF»."""

HOURS_TEXT = (
    "da lunedì a sabato, eccetto i festivi: lunedì, mercoledì, venerdì e sabato dalle 9 alle 13, martedì e "
    "giovedì dalle 9 alle 17"
)

POLICY_TEXT = """Iscrivendosi a WhatsUrp riceverà dal Comune di Rimini informazioni di pubblica utilità (servizi comunali, viabilità e altre questioni d'interesse generale) e/o d'emergenza, secondo la lista scelta: #EMERGENZE, #PUBBLICAUTILITA’ o entrambe.

Privacy: i messaggi sono inviati in modalità broadcast, quindi nessun iscritto vede il numero degli altri. Il Suo numero è trattato dall'Ufficio Relazioni con il Pubblico del Comune di Rimini solo per questo servizio.

Regole: WhatsUrp è un servizio pubblico; messaggi offensivi, diffamatori o fuori tema non sono ammessi e possono comportare il blocco del numero.

Per cancellarsi scriva «ISCRIZIONE OFF» (da una sola lista: «ISCRIZIONE OFF #EMERGENZE»). Per altri contatti: telefono 0541 704704, urp@comune.rimini.it, segnalazioni su https://segnala.comune.rimini.it/."""

PRESET = {
    "name": "rimini",
    "seed": "003_88964eb471e595c2.txt",
    "municipality": {
        "name": "Comune di Rimini",
        "office_name": "Ufficio Relazioni con il Pubblico",
        "email": "urp@comune.rimini.it",
        "phone": "0541 704704",
        "website": "https://www.comune.rimini.it",
        "links": {"WhatsUrp": "331 6432314", "Segnalazioni": "https://segnala.comune.rimini.it/"},
    },
    "service": {
        "observe_national_holidays": True,
        "holidays_subdivision": "RN",
        "patron_saint": "San Gaudenzio",
        "patron_month": 10,
        "patron_day": 14,
        "closed_reply_text": (
            f"Grazie per aver scritto a WhatsUrp, l'URP del Comune di Rimini. Siamo attivi {HOURS_TEXT}. "
            "Riapriamo {riapertura}: il suo messaggio è stato ricevuto e le risponderemo appena possibile. "
            "Può anche chiamare lo 0541 704704 o scrivere a urp@comune.rimini.it."
        ),
        "consent_question_text": "Per iscriversi a {liste} accetta la policy di WhatsUrp?",
        "consent_declined_text": (
            "Va bene, non abbiamo effettuato l'iscrizione. Può continuare a scriverci qui per informazioni e segnalazioni; "
            "se cambia idea scriva «ISCRIZIONE ON»."
        ),
        "unsubscribed_text": (
            "Fatto: l'iscrizione a {liste} è cancellata. Per iscriversi di nuovo scriva «ISCRIZIONE ON»."
        ),
    },
    "hours": {
        0: [("09:00", "13:00")],
        1: [("09:00", "17:00")],
        2: [("09:00", "13:00")],
        3: [("09:00", "17:00")],
        4: [("09:00", "13:00")],
        5: [("09:00", "13:00")],
    },
    "closures": [],
    "channel": {"mode": "two_way"},
    "redirects": [],
    "lists": [
        {
            "slug": "emergenze",
            "name": "Emergenze",
            "description": "Informazioni d'emergenza del Comune di Rimini.",
            "category": "emergency",
            "tags": ["#EMERGENZE"],
            "requires_consent": True,
        },
        {
            "slug": "pubblica-utilita",
            "name": "Pubblica utilità",
            "description": "Servizi comunali, viabilità e altre questioni d'interesse generale.",
            "category": "public_utility",
            "tags": ["#PUBBLICAUTILITA’"],
            "requires_consent": True,
        },
    ],
    "policies": [
        {
            "version": 1, "title": "Policy di WhatsUrp", "text": POLICY_TEXT,
            "list_kinds": ["emergency", "public_utility"],
        },
    ],
    "commands": [
        {
            "action": "subscribe",
            "phrases": ["ISCRIZIONE ON"],
            "lists": ["emergenze", "pubblica-utilita"],
            "reply_text": (
                "Benvenuto in WhatsUrp! L'iscrizione a {liste} è attiva: riceverà le informazioni del Comune di "
                "Rimini in modalità broadcast. Per cancellarsi scriva «ISCRIZIONE OFF»."
            ),
        },
        {"action": "unsubscribe", "phrases": ["ISCRIZIONE OFF"], "lists": []},
        {"action": "list", "phrases": ["ISCRIZIONE INFO", "LE MIE ISCRIZIONI"], "accepts_tags": False},
        {"action": "stop", "phrases": ["STOP"], "accepts_tags": False},
    ],
}
