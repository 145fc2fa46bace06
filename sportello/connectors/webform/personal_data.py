"""Personal data held by the web form connector (see sportello/privacy/registry.py).

A submission's content travels as an inbound event and becomes a message; the submission row keeps its reference
and tracking token, found again through the reference the message carries as its external id.
"""

from typing import Any

from sportello.connectors.webform.models import Submission, Upload
from sportello.privacy.registry import DELETE, PUBLIC_TASK, register


def _references(citizens: list[Any]) -> set[str]:
    from sportello.conversations.models import Message

    rows = Message._base_manager.filter(
        conversation__citizen__in=citizens, conversation__account__channel="webform", direction="in"
    ).only("external_id")
    return {m.external_id.split("/")[0] for m in rows if m.external_id}


def _submissions(model: Any, citizens: list[Any]) -> Any:
    return model._base_manager.filter(reference__in=_references(citizens))


def _uploads(model: Any, citizens: list[Any]) -> Any:
    return model._base_manager.filter(submission__reference__in=_references(citizens))


register(
    Submission, subject=None, finder=_submissions, fields=["reference", "created_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Dare al cittadino il numero della richiesta e la pagina per seguirla",
)
register(
    Upload, subject=None, finder=_uploads, fields=["filename", "mime_type", "size", "sha256"],
    on_erase=DELETE, kind="media", legal_basis=PUBLIC_TASK,
    purpose="Allegati inviati con il modulo web, cifrati fino all'acquisizione",
    export=False, why_not_exported="copia cifrata degli allegati già esportati con i messaggi",
)
