"""Livorno (seed 004_9a344774d890940b.txt): real-time information, reports by e-mail to the URP, no
identity-card or residence bookings, closed in August, and the daily "Stato" (👍 to see it, «Cancellami» to
stop): explicitly not a broadcast consent, so its list needs no policy acceptance."""

HOURS_TEXT = (
    "dal lunedì al venerdì dalle 9 alle 13 e il martedì e giovedì anche dalle 15.30 alle 17.30, agosto escluso"
)

PRESET = {
    "name": "livorno",
    "seed": "004_9a344774d890940b.txt",
    "municipality": {
        "name": "Comune di Livorno",
        "office_name": "URP",
        "email": "urp@comune.livorno.it",
        "phone": "0586 820204",
        "website": "https://www.comune.livorno.it",
        "links": {
            "WhatsApp URP": "335 822 5555",
            "Telefono URP": "0586 820204, 0586 820205",
            "Sondaggio di gradimento": "http://www.comune.livorno.it/sondaggi/index.asp",
        },
    },
    "service": {
        "observe_national_holidays": True,
        "holidays_subdivision": "LI",
        "patron_saint": "Santa Giulia",
        "patron_month": 5,
        "patron_day": 22,
        "closed_reply_text": (
            "Grazie per aver scritto all'URP del Comune di Livorno. Rispondiamo ai messaggi WhatsApp negli orari "
            f"di apertura al pubblico ({HOURS_TEXT}). Riapriamo {{riapertura}}: il suo messaggio è stato "
            "ricevuto. Per telefonare: 0586 820204 o 0586 820205."
        ),
        "emergency_text": "",
        "unsubscribed_text": (
            "Fatto: non riceverà più il bollettino dello Stato dell'URP. Per riattivarlo invii 👍."
        ),
    },
    "hours": {
        0: [("09:00", "13:00")],
        1: [("09:00", "13:00"), ("15:30", "17:30")],
        2: [("09:00", "13:00")],
        3: [("09:00", "13:00"), ("15:30", "17:30")],
        4: [("09:00", "13:00")],
    },
    "closures": [
        {
            "name": "Chiusura estiva (agosto)",
            "starts": "2000-08-01",
            "ends": "2000-08-31",
            "every_year": True,
            "reply_text": (
                "Grazie per aver scritto all'URP del Comune di Livorno. Ad agosto il servizio WhatsApp è sospeso. "
                "Riapriamo {riapertura}: il suo messaggio è stato ricevuto e le risponderemo alla riapertura. "
                "Per urgenze: 0586 820204 o 0586 820205, urp@comune.livorno.it."
            ),
        },
    ],
    "channel": {
        "mode": "info_only",
        "report_redirect_text": (
            "Per le segnalazioni (per esempio buche nelle strade, lampioni spenti o questioni relative alla "
            "mobilità) è necessario continuare a usare la posta elettronica, scrivendo a urp@comune.livorno.it: "
            "l'URP provvederà a smistarle agli uffici comunali competenti."
        ),
    },
    "redirects": [
        {
            "name": "Appuntamenti per carta d'identità e residenza",
            "kind": "booking",
            "topics": [
                "carta d'identità", "carta di identità", "carta identità", "CIE", "documento d'identità",
                "residenza", "cambio di residenza", "cambio residenza",
            ],
            "text": (
                "Non è possibile prenotare tramite WhatsApp gli appuntamenti per carte di identità e cambi di "
                "residenza: restano attive le consuete modalità di prenotazione telefonica, a sportello oppure "
                "online, da «Prenotazione servizi a sportello» sul sito {sito}."
            ),
        },
    ],
    "lists": [
        {
            "slug": "bollettino",
            "name": "Stato dell'URP",
            "description": "Ogni giorno avvisi, bandi e scadenze di interesse, pubblicati nello «Stato».",
            "category": "bulletin",
            "tags": [],
            "requires_consent": False,
        },
    ],
    "policies": [],
    "commands": [
        {
            "action": "subscribe",
            "phrases": ["👍"],
            "lists": ["bollettino"],
            "accepts_tags": False,
            "reply_text": (
                "Fatto! Ora può consultare lo «Stato» dell'URP, dove pubblichiamo ogni giorno avvisi, bandi e "
                "scadenze di interesse. Non è un'iscrizione a un canale broadcast: non Le invieremo messaggi. Per "
                "cancellarsi invii «Cancellami»."
            ),
        },
        {"action": "unsubscribe", "phrases": ["Cancellami"], "lists": ["bollettino"], "accepts_tags": False},
        {"action": "stop", "phrases": ["STOP"], "accepts_tags": False},
    ],
    # "Real-time answers to information requests": out of office hours, the questions the small knowledge base
    # answers with high confidence get an automatic answer (saying so, and offering a person).
    "knowledge": {"auto_answers": "out_of_hours", "entries": "livorno.csv"},
    # "Oltre ad esprimere un giudizio complessivo di soddisfazione, i cittadini potranno dare un voto ad aspetti
    # specifici (tempi di attesa, competenza e cortesia degli operatori)": sent after every closed conversation and
    # resolved case; outside WhatsApp's 24 hours by this utility template (pending until Meta approves it).
    "survey": {
        "enabled": True,
        "template": {
            "name": "sondaggio_gradimento",
            "language": "it",
            "body": (
                "Gentile cittadina, gentile cittadino, grazie per aver contattato l'URP del Comune di Livorno. "
                "Ci aiuta a migliorare il servizio? Può rispondere a quattro brevi domande qui: {{1}} Grazie per il suo tempo."
            ),
        },
    },
}
