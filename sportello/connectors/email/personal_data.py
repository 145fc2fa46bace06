"""Personal data held by the e-mail connector (see sportello/privacy/registry.py)."""

from typing import Any

from sportello.connectors.email.models import CapturedEmail
from sportello.privacy.registry import DELETE, PUBLIC_TASK, register


def _captured(model: Any, citizens: list[Any]) -> Any:
    """Captured e-mails are encrypted MIME: the ones addressed to the subject's e-mail identities."""
    from sportello.citizens.models import Identity
    from sportello.privacy.redaction import mentions

    addresses = [i.value for i in Identity._base_manager.filter(citizen__in=citizens, kind=Identity.Kind.EMAIL)]
    if not addresses:
        return model._base_manager.none()
    municipality_ids = {getattr(c, "municipality_id", None) for c in citizens}
    rows = model._base_manager.filter(mailbox__account__municipality_id__in=municipality_ids).only("pk", "raw")
    return model._base_manager.filter(pk__in=[r.pk for r in rows if mentions(bytes(r.raw).lower(), addresses)])


register(
    CapturedEmail, subject=None, finder=_captured, fields=["created_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Mostrare nella sandbox dimostrativa le e-mail che l'ufficio avrebbe inviato",
    export=False, why_not_exported="copie delle risposte già esportate come messaggi (solo demo)",
)
