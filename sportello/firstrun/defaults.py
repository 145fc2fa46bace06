"""The blank installation's sensible defaults, one function used by the first-run page and by `load_demo`.

A new office gets, in the same shape as a preset (`sportello.policies.presets`): hours Mon–Fri 9–13 plus Tue and
Thu 15–17, national holidays (and the province's patron when given), a news list with its consent policy, the
ISCRIVIMI / CANCELLAMI / LE MIE ISCRIZIONI / STOP commands and a few canned replies for the operators. Texts are
the municipality's own content (like the presets'): Italian, formal «Lei», editable afterwards in the console.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sportello.municipalities.models import Municipality

PRESET_NAME = "base"
HOURS_TEXT = "dal lunedì al venerdì dalle 9 alle 13, il martedì e il giovedì anche dalle 15 alle 17"

POLICY_TEXT = """Iscrivendosi alla lista «Notizie del Comune» riceverà dal {name} notizie e avvisi di pubblica utilità: eventi, viabilità, scadenze, emergenze. I messaggi arrivano al massimo qualche volta a settimana, più spesso solo in caso di emergenza.

Privacy: nessun iscritto vede i contatti degli altri. Il suo numero è usato solo per questo servizio dall'{office}, titolare il {name}, e non è ceduto a terzi.

Per uscire dalla lista in qualsiasi momento scriva «CANCELLAMI» (oppure «STOP» per uscire da tutto)."""

CANNED_REPLIES = [
    ("Saluto", "Buongiorno {nome}, sono {operatore} dell'{ufficio} del {comune}. Come posso aiutarla?"),
    ("Orari dell'ufficio", "Gentile {nome}, l'{ufficio} del {comune} risponde {orari}."),
    ("Presa in carico", (
        "Gentile {nome}, abbiamo ricevuto la sua richiesta e la stiamo verificando con l'ufficio competente. "
        "Le risponderemo appena possibile."
    )),
    ("Chiusura", "Grazie per aver scritto all'{ufficio} del {comune}. Se ha altre domande, scriva pure qui."),
]


def blank_preset(municipality: Municipality, province: str = "") -> dict[str, Any]:
    """The defaults as preset data (see `sportello.policies.presets.apply_preset_data`)."""
    name, office = municipality.name, municipality.office_name or "URP"
    return {
        "name": PRESET_NAME,
        "seed": "",
        "service": {
            "observe_national_holidays": True,
            "holidays_subdivision": province,
            "closed_reply_text": (
                f"Grazie per aver scritto all'{office} del {name}. Il servizio risponde {HOURS_TEXT}. "
                "Riapriamo {riapertura}: il suo messaggio è stato ricevuto e le risponderemo appena possibile."
            ),
            "consent_question_text": "Per ricevere le notizie del Comune nella lista {liste} accetta la policy qui sopra?",
            "consent_declined_text": (
                "Va bene, non l'abbiamo iscritta. Può continuare a scriverci per chiedere informazioni; se cambia "
                "idea scriva «ISCRIVIMI»."
            ),
            "unsubscribed_text": (
                "Fatto: la sua iscrizione alla lista {liste} è cancellata e non riceverà più notizie e avvisi. "
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
        "channel": {"mode": "two_way"},
        "redirects": [],
        "lists": [
            {
                "slug": "notizie",
                "name": "Notizie del Comune",
                "description": "Notizie e avvisi di pubblica utilità: eventi, viabilità, scadenze, emergenze.",
                "category": "news",
                "tags": ["#NOTIZIE"],
                "requires_consent": True,
            },
        ],
        "policies": [
            {"version": 1, "title": "Informativa della lista «Notizie del Comune»",
             "text": POLICY_TEXT.format(name=name, office=office), "list_kinds": ["news"]},
        ],
        "commands": [
            {
                "action": "subscribe",
                "phrases": ["ISCRIVIMI", "ISCRIZIONE"],
                "lists": ["notizie"],
                "reply_text": (
                    f"Benvenuto nella lista «Notizie del Comune» del {name}! Riceverà notizie e avvisi di pubblica "
                    "utilità. Per uscire scriva «CANCELLAMI»."
                ),
            },
            {"action": "unsubscribe", "phrases": ["CANCELLAMI", "DISISCRIVIMI"], "lists": ["notizie"]},
            {"action": "list", "phrases": ["LE MIE ISCRIZIONI"], "accepts_tags": False},
            {"action": "stop", "phrases": ["STOP"], "accepts_tags": False},
        ],
    }


def add_canned_replies(municipality: Municipality) -> int:
    """The operators' first ready answers (kept when they exist: supervisors may have edited them)."""
    from sportello.console.models import CannedReply

    created = 0
    for title, body in CANNED_REPLIES:
        _, made = CannedReply.objects.get_or_create(municipality=municipality, title=title, defaults={"body": body})
        created += int(made)
    return created


@transaction.atomic
def apply_blank_defaults(municipality: Municipality, province: str = "") -> dict[str, Any]:
    """Configure `municipality` with the defaults; idempotent. Returns the preset summary."""
    from sportello.policies.presets import apply_preset_data

    summary = apply_preset_data(blank_preset(municipality, province), municipality)
    summary["canned_replies"] = add_canned_replies(municipality)
    return summary
