"""Data-subject requests (GDPR art. 15-21) as plain functions: the API, the console and the CLI call these.

Each one writes an audit entry (`privacy.*`) with who asked and what happened, never the person's data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from sportello.citizens.models import Citizen
from sportello.core.audit import audit
from sportello.privacy import erasure as erasure_module
from sportello.privacy.export import export_subject
from sportello.privacy.models import CitizenPrivacy
from sportello.privacy.pdf import render_export
from sportello.privacy.subject import subject_of


def privacy_of(citizen: Citizen) -> CitizenPrivacy:
    with scopes_disabled():
        return CitizenPrivacy.objects.get_or_create(citizen=citizen)[0]


def is_restricted(citizen_id: int) -> bool:
    with scopes_disabled():
        return CitizenPrivacy.objects.filter(citizen_id=citizen_id, restricted_at__isnull=False).exists()


def has_objected(citizen_id: int) -> bool:
    with scopes_disabled():
        return CitizenPrivacy.objects.filter(citizen_id=citizen_id, objected_at__isnull=False).exists()


def export_citizen(citizen: Citizen, *, actor: Any, fmt: str = "json") -> dict[str, Any] | bytes:
    """Access: the JSON document, or its readable PDF (`fmt="pdf"`)."""
    with scopes_disabled():
        subject = subject_of(citizen)
        document = export_subject(subject)
    audit("privacy.exported", actor=actor, municipality=citizen.municipality, target=citizen,
          records=subject.ids, format=fmt)
    return render_export(document) if fmt == "pdf" else document


def erase_citizen(citizen: Citizen, *, actor: Any, reason: str = "") -> dict[str, Any]:
    """Erasure of the person behind this record (and the records linked to it). Irreversible."""
    municipality = citizen.municipality
    with scopes_disabled(), transaction.atomic():
        subject = subject_of(citizen)
        done = erasure_module.erase(subject)
        counts = {label: n for label, n in done.counts.items() if n}
        # The audit entry names record ids (now gone) and counts: proof of the erasure, nothing of the person.
        audit("privacy.erased", actor=actor, municipality=municipality, target=citizen, records=subject.ids,
              counts=counts, files=done.files, reason=reason[:500])
    # Now when no outer transaction is open (API, console, CLI), else once the caller's commits.
    transaction.on_commit(erasure_module.compact_databases)
    return {"records": subject.ids, "counts": counts, "files": done.files}


def rectify_citizen(citizen: Citizen, *, actor: Any, display_name: str | None = None,
                    language: str | None = None) -> Citizen:
    """Rectification: the name and language the office uses (identifiers come from the channel and are
    corrected by the person writing from the right one, or by erasure)."""
    changed = {}
    if display_name is not None and display_name.strip() != citizen.display_name:
        citizen.display_name = display_name.strip()[:200]
        changed["display_name"] = True
    if language is not None and language.strip() and language.strip() != citizen.language:
        citizen.language = language.strip()[:10]
        changed["language"] = True
    if changed:
        citizen.save(update_fields=list(changed))
    audit("privacy.rectified", actor=actor, municipality=citizen.municipality, target=citizen, fields=sorted(changed))
    return citizen


def _records(citizen: Citizen) -> list[Citizen]:
    """A request is the person's: it applies to the records an operator linked to this one too."""
    with scopes_disabled():
        return subject_of(citizen).records


def restrict_processing(citizen: Citizen, *, actor: Any, reason: str = "") -> None:
    """Restriction (art. 18): messages are still stored and shown to operators, but nothing automatic runs on them
    (moderation screening, commands, automatic answers, routing) and no broadcast reaches the person."""
    now = timezone.now()
    for record in _records(citizen):
        state = privacy_of(record)
        state.restricted_at = state.restricted_at or now
        state.restriction_reason = reason[:2000]
        state.save(update_fields=["restricted_at", "restriction_reason"])
    audit("privacy.restricted", actor=actor, municipality=citizen.municipality, target=citizen)


def lift_restriction(citizen: Citizen, *, actor: Any) -> None:
    for record in _records(citizen):
        state = privacy_of(record)
        state.restricted_at = None
        state.restriction_reason = ""
        state.save(update_fields=["restricted_at", "restriction_reason"])
    audit("privacy.restriction_lifted", actor=actor, municipality=citizen.municipality, target=citizen)


def object_to_broadcasts(citizen: Citizen, *, actor: Any) -> int:
    """Objection (art. 21): every list left now (a withdrawal recorded where consent was the basis), and no
    future subscription becomes active (`signals.py`). Returns how many subscriptions ended."""
    from sportello.policies.services import unsubscribe

    now = timezone.now()
    left = 0
    with scopes_disabled(), transaction.atomic():
        for record in _records(citizen):
            state = privacy_of(record)
            state.objected_at = state.objected_at or now
            state.save(update_fields=["objected_at"])
            left += len(unsubscribe(record, None, at=now, channel="console"))  # type: ignore[arg-type]
        audit("privacy.objected", actor=actor, municipality=citizen.municipality, target=citizen, lists=left)
    return left


def withdraw_objection(citizen: Citizen, *, actor: Any) -> None:
    for record in _records(citizen):
        state = privacy_of(record)
        state.objected_at = None
        state.save(update_fields=["objected_at"])
    audit("privacy.objection_withdrawn", actor=actor, municipality=citizen.municipality, target=citizen)
