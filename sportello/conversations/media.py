"""Downloading citizens' media at once (channels' media ids expire), checked, stored, retried when it fails."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from sportello.connectors.base import TransportError
from sportello.connectors.registry import get_connector
from sportello.conversations.models import Attachment
from sportello.core import events
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.media")

ALLOWED_TYPES = {
    "image": {"image/jpeg", "image/png", "image/webp"},
    "audio": {"audio/ogg", "audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/wav", "audio/webm"},
    "video": {"video/mp4", "video/3gpp"},
    "sticker": {"image/webp"},
}
EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "audio/ogg": ".ogg", "audio/mpeg": ".mp3",
    "audio/aac": ".aac", "audio/mp4": ".m4a", "audio/amr": ".amr", "audio/wav": ".wav", "audio/webm": ".webm",
    "video/mp4": ".mp4", "video/3gpp": ".3gp", "application/pdf": ".pdf",
}


def _backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(2 ** attempt * 5, 3600))


def _sha_matches(declared: str, content: bytes) -> bool:
    """Channels declare sha256 as hex or base64 (even one channel, depending on the payload); accept either, or none."""
    if not declared:
        return True
    digest = hashlib.sha256(content).digest()
    if declared.lower() == digest.hex():
        return True
    try:
        return base64.b64decode(declared, validate=True) == digest
    except (binascii.Error, ValueError):
        return False


def _base_type(mime: str) -> str:
    return mime.split(";")[0].strip().lower()


def schedule_download(attachment_id: int, delay: timedelta | None = None) -> None:
    runner = download_attachment.using(run_after=timezone.now() + delay) if delay else download_attachment
    runner.enqueue(attachment_id)


def download_now(attachment: Attachment) -> None:
    """One attempt; on failure the state and error are on the attachment and a retry is scheduled."""
    if attachment.state in (Attachment.State.READY, Attachment.State.REJECTED):
        return
    message = attachment.message
    account = message.conversation.account
    attachment.attempts += 1
    try:
        blob = get_connector(account.channel).fetch_media(account, attachment.media_id, attachment.kind)
        mime = _base_type(blob.mime_type or attachment.mime_type)
        allowed = ALLOWED_TYPES.get(attachment.kind)
        if allowed is not None and mime not in allowed:
            raise TransportError(f"type {mime} not accepted for {attachment.kind}", permanent=True, title="type")
        limit = settings.SPORTELLO_MEDIA_LIMITS.get(attachment.kind, settings.SPORTELLO_MEDIA_LIMITS["document"])
        if len(blob.content) > limit:
            raise TransportError("larger than allowed", permanent=True, title="size")
        if not _sha_matches(attachment.declared_sha256 or blob.sha256, blob.content):
            raise TransportError("sha256 does not match the declared one", permanent=False, title="checksum")
        name = attachment.filename or f"{attachment.kind}-{attachment.pk}{EXTENSIONS.get(mime, '')}"
        attachment.file.save(name.replace("/", "_"), ContentFile(blob.content), save=False)
        attachment.mime_type = mime or attachment.mime_type
        attachment.size = len(blob.content)
        attachment.sha256 = hashlib.sha256(blob.content).hexdigest()
        attachment.state = Attachment.State.READY
        attachment.last_error = ""
        attachment.save()
    except TransportError as exc:
        attachment.last_error = exc.message[:300]
        gave_up = exc.permanent or attachment.attempts >= settings.SPORTELLO_MEDIA_MAX_ATTEMPTS
        attachment.state = (
            Attachment.State.REJECTED if exc.permanent and exc.title in {"type", "size"}
            else Attachment.State.FAILED if gave_up
            else Attachment.State.PENDING
        )
        attachment.save(update_fields=["attempts", "last_error", "state"])
        log.info("media download for attachment %s failed (attempt %s): %s", attachment.pk, attachment.attempts, exc)
        if not gave_up:
            schedule_download(attachment.pk, _backoff(attachment.attempts))
    events.publish(message.municipality_id, "message.updated", {"conversation": message.conversation_id, "message": message.pk})


def retry_download(attachment: Attachment) -> None:
    """An operator asks again after the automatic attempts gave up."""
    Attachment.objects.filter(pk=attachment.pk).update(state=Attachment.State.PENDING, attempts=0)
    schedule_download(attachment.pk)


@task(queue_name="default")
@scopes_disabled()  # a background task: system code across municipalities
def download_attachment(attachment_id: int) -> None:
    attachment = Attachment.objects.select_related("message__conversation__account").filter(pk=attachment_id).first()
    if attachment is not None:
        download_now(attachment)
