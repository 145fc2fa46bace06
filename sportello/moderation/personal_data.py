"""Personal data held by the moderation app (see sportello/privacy/registry.py)."""

from sportello.moderation.models import EvidenceExport, Finding, Review, Screening, Strike
from sportello.privacy.registry import DELETE, KEEP_WITHOUT_IDENTITY, SECURITY, register

PURPOSE = "Proteggere cittadini e operatori da abusi, truffe e contenuti illeciti"

register(
    Screening, subject="message__conversation__citizen", fields=["flagged", "categories", "top_score", "created_at"],
    on_erase=DELETE, kind="moderation", legal_basis=SECURITY, purpose=PURPOSE,
)
register(
    Finding, subject="screening__message__conversation__citizen", fields=["part", "category", "score", "flagged"],
    on_erase=DELETE, kind="moderation", legal_basis=SECURITY, purpose=PURPOSE,
)
register(
    Review, subject="citizen", fields=["origin", "state", "categories", "created_at", "decided_at", "decision_reason"],
    on_erase=DELETE, kind="moderation", legal_basis=SECURITY, purpose=PURPOSE,
)
register(
    Strike, subject="citizen", fields=["categories", "created_at", "revoked_at"],
    on_erase=DELETE, kind="moderation", legal_basis=SECURITY, purpose=PURPOSE,
)
register(
    EvidenceExport, subject="citizen", fields=["created_at", "reason", "message_ids"],
    on_erase=KEEP_WITHOUT_IDENTITY, kind="moderation", legal_basis=SECURITY,
    purpose="Registrare ogni pacchetto di prove consegnato (chi, quando, perché)",
    anonymise={"citizen": None, "reason": "", "message_ids": []},
)
