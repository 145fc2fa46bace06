"""Taking a submission: its reference and tracking token, its files (encrypted), and the inbound event.

The event goes the way every channel's does: an encrypted `InboundEvent(channel="webform")` that the ingest
worker parses with `WebformConnector.parse` and hands to the inbound pipeline (citizen by e-mail identity,
conversation, message, attachments through `fetch_media`). So a form submission is screened, routed and
answered exactly as a WhatsApp message is.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from sportello.connectors.webform.files import FileType
from sportello.connectors.webform.models import Submission, Upload, WebForm
from sportello.conversations.models import InboundEvent
from sportello.conversations.routers import inbound_alias
from sportello.core.audit import audit
from sportello.core.crypto import blind_index

BODY_VERSION = 1
REFERENCE_PREFIX = "W"


@dataclass
class Request:
    """What the citizen sent, validated."""

    email: str
    name: str
    category_code: str
    category_label: str
    message: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    files: list[tuple[str, FileType, bytes]] | None = None  # (filename, type, content)
    privacy_notice: str = ""  # the notice the citizen declared to have read (its address)


def token_index(token: str) -> str:
    return blind_index("webform-token", token)


def _numbered(webform: WebForm, token: str) -> Submission:
    """The next reference of the year, e.g. W-2026-000123; a concurrent submission makes it try the next."""
    municipality_id = webform.account.municipality_id
    year = timezone.localdate().year
    for _attempt in range(20):
        last = Submission.objects.filter(municipality_id=municipality_id, year=year).aggregate(n=Max("number"))["n"]
        number = (last or 0) + 1
        try:
            with transaction.atomic():
                return Submission.objects.create(
                    webform=webform, municipality_id=municipality_id, year=year, number=number,
                    reference=f"{REFERENCE_PREFIX}-{year}-{number:06d}", token=token, token_index=token_index(token),
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not number a web form submission")


def submit(webform: WebForm, request: Request) -> tuple[Submission, str]:
    """Store the submission and its event; returns it with the tracking token (shown once, e-mailed later)."""
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        submission = _numbered(webform, token)
        attachments = []
        for filename, kind, content in request.files or []:
            upload = Upload.objects.create(
                submission=submission, media_id=secrets.token_urlsafe(24), kind=kind.kind, filename=filename,
                mime_type=kind.mime_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
            attachments.append({
                "media_id": upload.media_id, "kind": upload.kind, "filename": upload.filename,
                "mime_type": upload.mime_type, "size": upload.size, "sha256": upload.sha256,
            })
    place = None
    if request.address or request.latitude is not None:
        place = {"address": request.address, "latitude": request.latitude, "longitude": request.longitude}
    body = {
        "v": BODY_VERSION,
        "form": webform.pk,
        "reference": submission.reference,
        "submitted_at": timezone.now().isoformat(),
        "sender": {"email": request.email, "name": request.name},
        "category": {"code": request.category_code, "label": request.category_label},
        "message": request.message,
        "place": place,
        "attachments": attachments,
        "privacy": {"acknowledged": True, "notice": request.privacy_notice},
    }
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    try:
        with transaction.atomic(using=inbound_alias()):
            InboundEvent.objects.create(channel="webform", body=raw)
    except Exception:
        submission.delete()  # nothing half-stored: the citizen is asked to send again
        raise
    audit("webform.submitted", actor_label="cittadino", municipality=webform.account.municipality,
          target=submission, attachments=len(attachments))
    return submission, token
