"""Ancona (seed 001_8d0f117ac827ee2f.txt): "UrpsuWhatsapp", information on request plus an opt-in broadcast
list; reports and complaints go to Eurp. The seed does not name the opt-in word: we chose «ISCRIVIMI»."""

HOURS_TEXT = (
    "lunedì, mercoledì e venerdì dalle 9 alle 13, martedì e giovedì dalle 9 alle 13 e dalle 15 alle 17, "
    "salvo emergenze"
)

POLICY_TEXT = """Iscrivendosi alla lista broadcast di UrpsuWhatsapp riceverà dal Comune di Ancona notizie, avvisi e inviti di pubblica utilità: eventi, viabilità, orari, bandi, scadenze, emergenze e iniziative del Comune. I messaggi arrivano al massimo qualche volta a settimana, più spesso solo in caso di emergenza.

Privacy: il messaggio parte da una lista broadcast, quindi nessun iscritto può vedere i contatti degli altri. Il Suo numero è usato solo per questo servizio dall'Ufficio relazioni con il pubblico, titolare il Comune di Ancona, e non è ceduto a terzi.

Regole di comportamento: sono vietati messaggi diffamatori, attacchi personali, linguaggio offensivo, spam e contenuti illeciti; chi le viola viene bloccato.

Per uscire dalla lista in qualsiasi momento scriva «CANCELLAMI» (oppure «STOP» per uscire da tutto)."""

PRESET = {
    "name": "ancona",
    "seed": "001_8d0f117ac827ee2f.txt",
    "municipality": {
        "name": "Comune di Ancona",
        "office_name": "Ufficio relazioni con il pubblico",
        "website": "https://www.comune.ancona.gov.it",
        "links": {"UrpsuWhatsapp": "366 7695184", "Eurp (segnalazioni e reclami)": "https://www.comune.ancona.gov.it"},
    },
    "service": {
        "observe_national_holidays": True,
        "holidays_subdivision": "AN",
        "patron_saint": "San Ciriaco",
        "patron_month": 5,
        "patron_day": 4,
        "closed_reply_text": (
            f"Grazie per aver scritto a UrpsuWhatsapp del Comune di Ancona. Il servizio è attivo {HOURS_TEXT}. "
            "Riapriamo {riapertura}: il suo messaggio è stato ricevuto e le risponderemo appena possibile."
        ),
        "emergency_text": (
            "UrpsuWhatsapp del Comune di Ancona: per l'emergenza in corso il servizio resta attivo anche fuori "
            "orario. Il suo messaggio è stato ricevuto. In caso di pericolo immediato chiami il 112."
        ),
        "consent_question_text": "Per ricevere le notizie del Comune nella lista {liste} accetta la policy qui sopra?",
        "consent_declined_text": (
            "Va bene, non abbiamo effettuato l'iscrizione alla lista broadcast. Può continuare a usare UrpsuWhatsapp per "
            "chiedere informazioni; se cambia idea scriva «ISCRIVIMI»."
        ),
        "unsubscribed_text": (
            "Fatto: l'iscrizione alla lista {liste} di UrpsuWhatsapp è cancellata e non riceverà più notizie e avvisi. "
            "Può sempre scriverci qui per chiedere informazioni."
        ),
    },
    "hours": {
        0: [("09:00", "13:00")],
        1: [("09:00", "13:00"), ("15:00", "17:00")],
        2: [("09:00", "13:00")],
        3: [("09:00", "13:00"), ("15:00", "17:00")],
        4: [("09:00", "13:00")],
    },
    "closures": [],
    "channel": {
        "mode": "info_only",
        "report_redirect_text": (
            "Il canale WhatsApp dell'URP non riceve segnalazioni e reclami: per inviarli usi Eurp, "
            "l'applicativo online del Comune di Ancona dedicato, dal sito {sito}. Così la sua segnalazione "
            "arriva subito all'ufficio competente e può seguirne lo stato."
        ),
    },
    "redirects": [],
    "lists": [
        {
            "slug": "notizie",
            "name": "Notizie e avvisi del Comune",
            "description": "Eventi, viabilità, orari, bandi, scadenze, emergenze e iniziative di pubblica utilità.",
            "category": "news",
            "tags": ["#NOTIZIE"],
            "requires_consent": True,
        },
    ],
    "policies": [
        {"version": 1, "title": "Policy di UrpsuWhatsapp", "text": POLICY_TEXT, "list_kinds": ["news"]},
    ],
    "commands": [
        {
            "action": "subscribe",
            "phrases": ["ISCRIVIMI", "ISCRIZIONE"],
            "lists": ["notizie"],
            "reply_text": (
                "Benvenuto nella lista broadcast di UrpsuWhatsapp! Riceverà notizie, avvisi e inviti dal "
                "Comune di Ancona. Per uscire scriva «CANCELLAMI»."
            ),
        },
        {"action": "unsubscribe", "phrases": ["CANCELLAMI", "DISISCRIVIMI"], "lists": ["notizie"]},
        {"action": "list", "phrases": ["LE MIE ISCRIZIONI"], "accepts_tags": False},
        {"action": "stop", "phrases": ["STOP"], "accepts_tags": False},
    ],
}
