"""San Giuliano Milanese (seed 002_1b6a2191fc3f5ef1.txt): "San Giuliano Whatsapp", outbound only.

«ATTIVA» joins (after accepting the policy: every list with news needs it), a welcome follows; public-utility
news twice a week. Incoming messages are not handled: citizens are pointed to phone, e-mail and the Municipium
app. The seed is silent on leaving: we chose «DISATTIVA» and the universal «STOP».
"""

POLICY_TEXT = """San Giuliano Whatsapp è il servizio informativo del Comune di San Giuliano Milanese. Attivandolo riceverà due volte alla settimana informazioni di pubblica utilità e aggiornamenti su servizi comunali, trasporti e viabilità, eventi e allerte meteo.

Privacy: i messaggi sono inviati tramite liste broadcast, nelle quali nessuno può vedere il numero degli altri iscritti. Il Suo numero è usato dal Comune solo per questo servizio. L'informativa privacy completa e i termini di utilizzo sono sul sito del Comune.

Ricorda di salvare il numero nella rubrica: è necessario per ricevere i messaggi. Questo numero non riceve telefonate e messaggi: per comunicare con il Comune usa telefono, e-mail o l'app Municipium.

Per disattivare il servizio in qualsiasi momento scriva «DISATTIVA» (oppure «STOP»)."""

PRESET = {
    "name": "san-giuliano",
    "seed": "002_1b6a2191fc3f5ef1.txt",
    "municipality": {
        "name": "Comune di San Giuliano Milanese",
        "office_name": "Ufficio Comunicazione",
        "website": "https://www.comune.sangiulianomilanese.mi.it",
        "links": {"San Giuliano Whatsapp": "338 4706151", "App Municipium": "https://www.municipiumapp.it"},
    },
    "service": {
        # Not a provincial capital: national holidays only; the patron day is to be set by the administrator.
        "observe_national_holidays": True,
        "holidays_subdivision": "",
        "patron_saint": "",
        "patron_month": None,
        "patron_day": None,
        "closed_reply_text": "",
        "emergency_text": "",
        "consent_question_text": "Per attivare San Giuliano Whatsapp ({liste}) accetta l'informativa qui sopra?",
        "consent_declined_text": (
            "Va bene, il servizio non è stato attivato. Se cambia idea scriva «ATTIVA»."
        ),
        "unsubscribed_text": (
            "San Giuliano Whatsapp è stato disattivato: non riceverà più i nostri messaggi. Per riattivarlo "
            "scriva «ATTIVA»."
        ),
    },
    "hours": {},
    "closures": [],
    "channel": {
        "mode": "outbound_only",
        "outbound_only_text": (
            "Questo numero WhatsApp del Comune di San Giuliano Milanese serve solo a inviare informazioni agli "
            "iscritti e non è abilitato a ricevere messaggi e telefonate. Per comunicare con il Comune o inviare "
            "segnalazioni usi i canali di sempre: il telefono, l'e-mail o l'app Municipium (tutti i recapiti "
            "sono su {sito}). Per ricevere le nostre informazioni scriva «ATTIVA»."
        ),
    },
    "redirects": [],
    "lists": [
        {
            "slug": "pubblica-utilita",
            "name": "San Giuliano Whatsapp",
            "description": (
                "Due volte alla settimana: servizi comunali, trasporti e viabilità, eventi, allerte meteo."
            ),
            "category": "public_utility",
            "tags": [],
            "requires_consent": True,
        },
    ],
    "policies": [
        {
            "version": 1, "title": "Informativa di San Giuliano Whatsapp", "text": POLICY_TEXT,
            "list_kinds": ["public_utility"],
        },
    ],
    "commands": [
        {
            "action": "subscribe",
            "phrases": ["ATTIVA"],
            "lists": ["pubblica-utilita"],
            "accepts_tags": False,
            "reply_text": (
                "Benvenuto in San Giuliano Whatsapp! Da oggi riceverà due volte alla settimana le informazioni "
                "di pubblica utilità del Comune: servizi comunali, trasporti e viabilità, eventi e allerte meteo. "
                "Salva questo numero in rubrica per ricevere i messaggi. Per disattivare il servizio scriva "
                "«DISATTIVA»."
            ),
        },
        {"action": "unsubscribe", "phrases": ["DISATTIVA"], "lists": ["pubblica-utilita"], "accepts_tags": False},
        {"action": "stop", "phrases": ["STOP"], "accepts_tags": False},
    ],
}
