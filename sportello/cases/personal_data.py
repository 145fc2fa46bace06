"""Personal data held by the cases app (see sportello/privacy/registry.py).

A case is an administrative record (its number, department, dates, outcome) the municipality must keep; erasure
keeps that record and removes what identifies the citizen or repeats their words.
"""

from django.db.models import Q

from sportello.cases.models import Case, CaseAttachment, CaseEvent, RoutingSuggestion
from sportello.privacy.registry import DELETE, KEEP_WITHOUT_IDENTITY, LEGAL_OBLIGATION, PUBLIC_TASK, register
from sportello.privacy.redaction import REDACTED


def _cases(model, citizens):  # type: ignore[no-untyped-def]
    return model._base_manager.filter(Q(citizen__in=citizens) | Q(conversation__citizen__in=citizens))


def _of_cases(model, citizens):  # type: ignore[no-untyped-def]
    return model._base_manager.filter(case__in=_cases(Case, citizens))


register(
    Case, subject=None, finder=_cases,
    fields=["reference", "title", "description", "state", "created_at", "resolved_at", "closed_at", "address",
            "latitude", "longitude", "status_notes", "reporter"],
    on_erase=KEEP_WITHOUT_IDENTITY, kind="cases", legal_basis=LEGAL_OBLIGATION,
    purpose="Registrare e seguire le segnalazioni fino alla loro chiusura (atto amministrativo)",
    anonymise={"citizen": None, "conversation": None, "title": REDACTED, "description": "", "address": "",
               "latitude": None, "longitude": None, "status_notes": "", "media_url": "", "attributes": {},
               "reporter": {}},
)
register(
    CaseEvent, subject=None, finder=_of_cases, fields=["kind", "from_state", "to_state", "text", "at"],
    on_erase=KEEP_WITHOUT_IDENTITY, kind="cases", legal_basis=LEGAL_OBLIGATION,
    purpose="Storia della pratica: passaggi di stato, smistamenti, note", anonymise={"text": ""},
)
register(
    CaseAttachment, subject=None, finder=_of_cases, fields=["filename", "mime_type", "size", "added_at"],
    files=["file"], on_erase=DELETE, kind="media", legal_basis=PUBLIC_TASK,
    purpose="Foto e documenti della segnalazione",
)
register(
    RoutingSuggestion, subject="conversation__citizen", fields=["suggestions", "created_at", "confirmed_at"],
    on_erase=DELETE, kind="cases", legal_basis=PUBLIC_TASK,
    purpose="Proporre all'operatore il servizio competente per la richiesta",
)
