"""Cagliari (seed 000_aa55239c5a4d5650.txt): two-way chat of the URP, office hours only, moderated."""

HOURS_TEXT = "dal lunedì al venerdì dalle 9 alle 12, il lunedì e il giovedì anche dalle 15:30 alle 17:30"

PRESET = {
    "name": "cagliari",
    "seed": "000_aa55239c5a4d5650.txt",
    "municipality": {
        "name": "Comune di Cagliari",
        "office_name": "Ufficio Relazioni con il Pubblico",
        "website": "https://www.comune.cagliari.it",
        "links": {"WhatsApp URP": "329 0582872"},
    },
    "service": {
        "observe_national_holidays": True,
        "holidays_subdivision": "CA",
        "patron_saint": "San Saturnino",
        "patron_month": 10,
        "patron_day": 30,
        "closed_reply_text": (
            "Grazie per aver scritto all'Ufficio Relazioni con il Pubblico del Comune di Cagliari. La chat è "
            f"attiva negli orari d'ufficio dell'URP ({HOURS_TEXT}). Riapriamo {{riapertura}}: il suo messaggio "
            "è stato ricevuto e verrà inoltrato al servizio competente."
        ),
        "emergency_text": "",
    },
    "hours": {
        0: [("09:00", "12:00"), ("15:30", "17:30")],
        1: [("09:00", "12:00")],
        2: [("09:00", "12:00")],
        3: [("09:00", "12:00"), ("15:30", "17:30")],
        4: [("09:00", "12:00")],
    },
    "closures": [],
    "channel": {"mode": "two_way"},
    "redirects": [],
    "lists": [],
    "policies": [],
    "commands": [],
}
