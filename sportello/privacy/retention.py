"""Retention per data kind, applied by a scheduled purge that records what it removed (PurgeRun + audit).

Each municipality's limits are in `RetentionPolicy` (defaults: `models.DEFAULT_RETENTION_DAYS`, documented in
docs/privacy.md); 0 days means "never purged". What each kind removes:

- messages: messages older than the limit in closed conversations (with their files), then closed conversations
  left without messages; sandbox-captured e-mails;
- media: the files of attachments older than the limit (the message says the file was removed), case files,
  web-form uploads;
- raw_webhooks: stored inbound bodies already processed (not attributable to a municipality: the strictest limit
  of all municipalities applies);
- deliveries: per-recipient rows of finished campaigns and channel delivery statuses;
- audit: audit entries;
- survey: survey answers and invitations.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from sportello.core.audit import audit
from sportello.municipalities.models import Municipality
from sportello.privacy.models import DEFAULT_RETENTION_DAYS, PurgeRun, RetentionPolicy

log = logging.getLogger("sportello.privacy")
BATCH = 500


def policy_for(municipality: Municipality) -> RetentionPolicy:
    with scopes_disabled():
        found = RetentionPolicy.objects.filter(municipality=municipality).first()
    return found or RetentionPolicy(municipality=municipality)


def _batched_delete(queryset: Any, dry_run: bool, files: tuple[str, ...] = ()) -> int:
    """Delete in batches (short transactions: the worker and the web server keep writing meanwhile)."""
    if dry_run:
        return queryset.count()
    removed = 0
    while True:
        pks = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not pks:
            return removed
        batch = queryset.model._base_manager.filter(pk__in=pks)
        for row in batch.only("pk", *files) if files else ():
            for name in files:
                if getattr(row, name):
                    default_storage.delete(getattr(row, name).name)
        with transaction.atomic(using=batch.db):
            batch.delete()
        removed += len(pks)


def _purge_messages(m: Municipality, cutoff: Any, dry: bool) -> int:
    from sportello.conversations.models import Attachment, Conversation, Message

    old = Message._base_manager.filter(municipality=m, sent_at__lt=cutoff, conversation__state=Conversation.State.CLOSED)
    files = Attachment._base_manager.filter(message__in=old.values("pk")).exclude(file="")
    if not dry:
        _batched_delete_files(files)
    removed = _batched_delete(old, dry)
    empty = Conversation._base_manager.filter(
        municipality=m, state=Conversation.State.CLOSED, last_message_at__lt=cutoff, messages__isnull=True
    )
    _batched_delete(empty, dry)
    if apps.is_installed("sportello.connectors.email"):
        from sportello.connectors.email.models import CapturedEmail

        removed += _batched_delete(
            CapturedEmail._base_manager.filter(mailbox__account__municipality=m, created_at__lt=cutoff), dry
        )
    return removed


def _batched_delete_files(attachments: Any) -> int:
    from sportello.conversations.models import Attachment

    removed = 0
    for row in attachments.only("pk", "file").iterator():
        default_storage.delete(row.file.name)
        Attachment._base_manager.filter(pk=row.pk).update(
            file="", state=Attachment.State.FAILED, last_error="removed after the retention period"
        )
        removed += 1
    return removed


def _purge_media(m: Municipality, cutoff: Any, dry: bool) -> int:
    from sportello.cases.models import CaseAttachment
    from sportello.connectors.webform.models import Upload
    from sportello.conversations.models import Attachment

    files = Attachment._base_manager.filter(message__municipality=m, message__sent_at__lt=cutoff).exclude(file="")
    removed = files.count() if dry else _batched_delete_files(files)
    removed += _batched_delete(
        CaseAttachment._base_manager.filter(case__municipality=m, added_at__lt=cutoff), dry, files=("file",)
    )
    removed += _batched_delete(Upload._base_manager.filter(submission__municipality=m,
                                                           submission__created_at__lt=cutoff), dry)
    return removed


def _purge_deliveries(m: Municipality, cutoff: Any, dry: bool) -> int:
    from sportello.broadcasts.models import Delivery
    from sportello.conversations.models import DeliveryStatus

    removed = _batched_delete(Delivery._base_manager.filter(campaign__municipality=m, campaign__finished_at__lt=cutoff), dry)
    return removed + _batched_delete(DeliveryStatus._base_manager.filter(municipality=m, at__lt=cutoff), dry)


def _purge_audit(m: Municipality, cutoff: Any, dry: bool) -> int:
    from sportello.core.models import AuditEntry

    return _batched_delete(AuditEntry._base_manager.filter(municipality=m, created_at__lt=cutoff), dry)


def _purge_survey(m: Municipality, cutoff: Any, dry: bool) -> int:
    if not apps.is_installed("sportello.survey"):
        return 0
    from sportello.survey.models import SurveyInvitation, SurveyResponse

    removed = _batched_delete(SurveyResponse._base_manager.filter(municipality=m, created_at__lt=cutoff), dry)
    return removed + _batched_delete(SurveyInvitation._base_manager.filter(municipality=m, sent_at__lt=cutoff), dry)


def _purge_raw_webhooks(days: int, now: Any, dry: bool) -> int:
    from sportello.conversations.models import InboundEvent

    old = InboundEvent.objects.filter(received_at__lt=now - timedelta(days=days)).exclude(
        state=InboundEvent.State.PENDING
    )
    return _batched_delete(old, dry)


PURGES = {
    "messages": _purge_messages,
    "media": _purge_media,
    "deliveries": _purge_deliveries,
    "audit": _purge_audit,
    "survey": _purge_survey,
}


def purge(*, dry_run: bool = False, now: Any = None) -> PurgeRun:
    """One pass over every municipality; the counts per kind are stored on the PurgeRun and in the audit log."""
    now = now or timezone.now()
    run = PurgeRun.objects.create(dry_run=dry_run)
    totals: Counter[str] = Counter()
    raw_days: list[int] = []
    try:
        with scopes_disabled():
            for municipality in Municipality.objects.order_by("pk"):
                policy = policy_for(municipality)
                counts = {}
                for kind, fn in PURGES.items():
                    days = policy.days(kind)
                    if days:
                        counts[kind] = fn(municipality, now - timedelta(days=days), dry_run)
                if policy.raw_webhooks_days:
                    raw_days.append(policy.raw_webhooks_days)
                totals.update(counts)
                if any(counts.values()) and not dry_run:
                    audit("privacy.purged", municipality=municipality, counts=counts, run=run.pk)
            days = min(raw_days) if raw_days else DEFAULT_RETENTION_DAYS["raw_webhooks"]
            totals["raw_webhooks"] = _purge_raw_webhooks(days, now, dry_run)
    except Exception as exc:  # stored on the run, where an administrator sees it; the next run tries again
        log.exception("retention purge failed")
        run.problem = f"{type(exc).__name__}: {exc}"[:2000]
    run.counts = dict(totals)
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at", "problem"])
    return run


def due(now: Any = None) -> bool:
    every = timedelta(hours=float(getattr(settings, "SPORTELLO_PURGE_EVERY_HOURS", 24)))
    last = PurgeRun.objects.filter(dry_run=False).order_by("-started_at").values_list("started_at", flat=True).first()
    return last is None or (now or timezone.now()) - last >= every


def loop(stop: threading.Event) -> None:
    """The worker's purge loop: checks every few minutes whether a run is due (one a day by default).

    Several workers may check at once; a run is cheap when another just removed everything, so no lock is taken.
    """
    while not stop.wait(float(getattr(settings, "SPORTELLO_PURGE_CHECK_SECONDS", 300))):
        try:
            if due():
                purge()
        except Exception:
            log.exception("retention purge loop")
