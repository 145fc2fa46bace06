"""Personal data held by the citizens app (see sportello/privacy/registry.py)."""

from django.db.models import Q

from sportello.citizens.models import Citizen, CitizenLink, ConsentRecord, Identity
from sportello.privacy.registry import CONSENT, DELETE, PUBLIC_TASK, register

register(
    Citizen, subject="", fields=["display_name", "username", "language", "created_at", "last_seen_at", "blocked_at",
                                 "blocked_reason"],
    on_erase=DELETE, kind="identity", legal_basis=PUBLIC_TASK,
    purpose="Riconoscere chi scrive all'URP su ogni canale e rispondergli",
)
register(
    Identity, subject="citizen", fields=["kind", "value", "masked", "active", "created_at", "retired_at"],
    on_erase=DELETE, kind="identity", legal_basis=PUBLIC_TASK,
    purpose="Raggiungere il cittadino sul canale da cui ha scritto (cifrato, con indice cieco)",
)
register(
    ConsentRecord, subject="citizen", fields=["action", "at", "channel", "words", "lists", "policy_version", "source"],
    on_erase=DELETE, kind="consent", legal_basis=CONSENT,
    purpose="Dimostrare il consenso alle liste di comunicazione (art. 7 GDPR)",
)


def _links(model, citizens):  # type: ignore[no-untyped-def]
    return model._base_manager.filter(Q(a__in=citizens) | Q(b__in=citizens))


register(
    CitizenLink, subject=None, finder=_links, fields=["a", "b", "created_at", "undone_at"],
    on_erase=DELETE, kind="identity", legal_basis=PUBLIC_TASK,
    purpose="Riconoscere la stessa persona su canali diversi, per conferma di un operatore",
)
