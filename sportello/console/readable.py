"""Codes made readable, in one place: choice values, dotted audit actions and connection errors.

Templates use the filters in `console.templatetags.readable` (`{{ entry.action|action_label }}`,
`{{ value|choice_label:"cases.Case.state" }}`, `{% friendly_error text %}`); code uses these functions. The
console test `tests/console/test_no_raw_codes.py` walks the pages and fails when a raw code is visible.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Audit actions people read about (history panels, the citizen page). Other dotted actions get their area's name.
ACTIONS: dict[str, Any] = {
    "moderation.strike": gettext_lazy("Violazione registrata"),
    "moderation.hidden": gettext_lazy("Messaggio nascosto"),
    "moderation.reported": gettext_lazy("Messaggio segnalato dallo staff"),
    "moderation.review_opened": gettext_lazy("Messaggio in revisione"),
    "moderation.review_added": gettext_lazy("Messaggio in revisione"),
    "moderation.confirmed": gettext_lazy("Violazione confermata"),
    "moderation.restored": gettext_lazy("Messaggio ripristinato"),
    "moderation.notice_refused": gettext_lazy("Avviso al cittadino non inviato"),
    "moderation.lists_removed": gettext_lazy("Cittadino tolto dalle liste"),
    "moderation.evidence_exported": gettext_lazy("Prove esportate"),
    "citizen.blocked": gettext_lazy("Cittadino bloccato"),
    "citizen.unblocked": gettext_lazy("Cittadino sbloccato"),
    "citizen.linked": gettext_lazy("Profili collegati"),
    "citizen.unlinked": gettext_lazy("Collegamento annullato"),
    "citizen.viewed": gettext_lazy("Scheda del cittadino consultata"),
    "citizen.number_changed": gettext_lazy("Numero cambiato"),
    "conversation.labelled": gettext_lazy("Etichetta aggiunta"),
    "conversation.unlabelled": gettext_lazy("Etichetta tolta"),
    "conversation.viewed": gettext_lazy("Conversazione consultata"),
    "conversation.note_added": gettext_lazy("Nota interna aggiunta"),
    "case.state_changed": gettext_lazy("Stato della pratica cambiato"),
    "case.routed": gettext_lazy("Pratica assegnata a un servizio"),
    "case.assigned": gettext_lazy("Pratica assegnata"),
    "case.note_added": gettext_lazy("Nota aggiunta alla pratica"),
    "case.attachment_added": gettext_lazy("Allegato aggiunto alla pratica"),
    "consent.accepted": gettext_lazy("Informativa accettata"),
    "consent.withdrawn": gettext_lazy("Consenso revocato"),
    "subscription.created": gettext_lazy("Iscrizione a una lista"),
    "subscription.ended": gettext_lazy("Iscrizione terminata"),
    "label.created": gettext_lazy("Etichetta creata"),
    "label.changed": gettext_lazy("Etichetta modificata"),
    "label.deleted": gettext_lazy("Etichetta eliminata"),
}
AREAS: dict[str, Any] = {
    "moderation": gettext_lazy("Moderazione"),
    "citizen": gettext_lazy("Cittadino"),
    "conversation": gettext_lazy("Conversazione"),
    "case": gettext_lazy("Pratica"),
    "campaign": gettext_lazy("Campagna"),
    "consent": gettext_lazy("Consenso"),
    "privacy": gettext_lazy("Privacy"),
    "settings": gettext_lazy("Impostazioni"),
    "organisation": gettext_lazy("Organizzazione"),
}


def action_label(code: str) -> str:
    """'moderation.strike' → 'Violazione registrata'; an unknown action → 'Moderazione: altra operazione'."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    area = AREAS.get(code.split(".", 1)[0])
    if area is not None:
        return _("%(area)s: altra operazione") % {"area": area}
    return _("Operazione registrata")


def choice_label(value: Any, field_path: str) -> str:
    """The label of `value` among the choices of `app.Model.field` ('' → '—'; an unknown value → a neutral word)."""
    if value in (None, ""):
        return "—"
    app_label, model_name, field_name = field_path.split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    for key, label in field.flatchoices:  # type: ignore[union-attr]
        if str(key) == str(value):
            return str(label)
    return _("altro")


# Connection failures as a sentence an operator can act on. The raw text goes to administrators only (a tooltip).
_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"connection refused|errno 111", re.I),
     gettext_lazy("Il servizio esterno non risponde (connessione rifiutata). Riproveremo; se continua, avvisa l'amministratore.")),
    (re.compile(r"timed? ?out|errno 110", re.I),
     gettext_lazy("Il servizio esterno ha impiegato troppo tempo a rispondere. Riproveremo automaticamente.")),
    (re.compile(r"name or service not known|nodename nor servname|getaddrinfo|errno -[23]", re.I),
     gettext_lazy("Indirizzo del servizio esterno non trovato: controlla le impostazioni del canale.")),
    (re.compile(r"ssl|certificate", re.I),
     gettext_lazy("Connessione sicura non riuscita con il servizio esterno (certificato). Avvisa l'amministratore.")),
    (re.compile(r"\b(401|403)\b|unauthori[sz]ed|forbidden|invalid (access )?token", re.I),
     gettext_lazy("Il servizio esterno ha rifiutato le credenziali del canale: l'amministratore deve aggiornarle.")),
    (re.compile(r"\b429\b|too many requests|rate limit", re.I),
     gettext_lazy("Troppe richieste al servizio esterno: l'invio riprenderà tra poco.")),
    (re.compile(r"\b5\d\d\b|server error|bad gateway|service unavailable", re.I),
     gettext_lazy("Il servizio esterno ha un problema temporaneo. Riproveremo automaticamente.")),
    (re.compile(r"connection (reset|aborted|error)|errno \d+|broken pipe|network is unreachable", re.I),
     gettext_lazy("Collegamento con il servizio esterno interrotto. Riproveremo automaticamente.")),
]
TECHNICAL = re.compile(r"\[errno|errno \d|traceback|exception|httpconnectionpool|max retries|\w+error\b", re.I)


def friendly_error(text: str) -> str:
    """A sentence for the operator; text that is already a sentence for people (channel error titles) stays."""
    text = (text or "").strip()
    if not text:
        return ""
    for pattern, sentence in _ERRORS:
        if pattern.search(text):
            return str(sentence)
    if TECHNICAL.search(text):
        return _("Errore tecnico nel collegamento con il servizio esterno. Avvisa l'amministratore se si ripete.")
    return text


def moderation_categories(codes: Any) -> str:
    """['vulgar', 'threat'] → 'linguaggio offensivo o scurrile, minacce' (an unknown code: 'altro')."""
    from sportello.moderation.models import CATEGORY_LABELS, Category

    labels = [str(CATEGORY_LABELS[Category(c)]) if c in Category._value2member_map_ else _("altro")
              for c in (codes or [])]
    return ", ".join(labels) or "—"
