"""Personal data held by the privacy app itself (see registry.py)."""

from sportello.privacy.models import CitizenPrivacy
from sportello.privacy.registry import DELETE, LEGAL_OBLIGATION, register

register(
    CitizenPrivacy, subject="citizen", fields=["restricted_at", "restriction_reason", "objected_at"],
    on_erase=DELETE, kind="identity", legal_basis=LEGAL_OBLIGATION,
    purpose="Rispettare la limitazione del trattamento e l'opposizione alle comunicazioni (art. 18 e 21 GDPR)",
)
