"""Personal data held by the core app: the audit log (see sportello/privacy/registry.py).

The log must outlive an erasure (it records the erasure itself): entries about the subject are kept, and any of
their identifiers or words an entry's details repeat are redacted.
"""

from typing import Any

from django.db.models import Q

from sportello.core.models import AuditEntry
from sportello.privacy.registry import KEEP_WITHOUT_IDENTITY, SECURITY, register


def _entries(model: Any, citizens: list[Any]) -> Any:
    from sportello.conversations.models import Conversation

    ids = [str(getattr(c, "pk", c)) for c in citizens]
    conversations = [str(pk) for pk in Conversation._base_manager.filter(citizen__in=ids).values_list("pk", flat=True)]
    return model._base_manager.filter(
        Q(target_type="citizens.citizen", target_id__in=ids)
        | Q(target_type="conversations.conversation", target_id__in=conversations)
    )


def _redact(entries: Any, erasure: Any) -> int:
    """Every entry of the municipality whose details mention the subject, not only those targeting them."""
    import json

    from sportello.privacy.redaction import redact_json

    needles = erasure.subject.needles
    changed = 0
    scope = AuditEntry._base_manager.filter(municipality_id=erasure.subject.citizen.municipality_id)
    for pk, data in scope.exclude(data={}).values_list("pk", "data").iterator():
        text = json.dumps(data, ensure_ascii=False)
        if any(needle in text for needle in needles):
            AuditEntry._base_manager.filter(pk=pk).update(data=redact_json(data, needles))
            changed += 1
    return changed


register(
    AuditEntry, subject=None, finder=_entries, eraser=_redact,
    fields=["created_at", "action", "actor_label", "target_type", "target_id"],
    on_erase=KEEP_WITHOUT_IDENTITY, kind="audit", legal_basis=SECURITY,
    purpose="Registrare chi accede ai dati personali e chi decide cosa (accountability, art. 5(2) e 32 GDPR)",
    export=False, why_not_exported="registro del titolare; gli accessi ai dati sono comunicati su richiesta dal DPO",
)
