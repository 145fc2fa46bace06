"""The template registry, synchronised from Meta: `GET /{waba-id}/message_templates`, every page, into MessageTemplate.

Each listed template is upserted on every number of the WhatsApp Business Account (status, category, language,
components, and the body, header and footer read from them); a template Meta no longer lists is marked deleted,
never removed (a campaign may name it). A failure is kept on the number (`templates_sync_error`) and audited, and
the caller gets it back as a `SyncResult`: nothing raises into a page or a worker loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sportello.connectors.base import TransportError
from sportello.connectors.whatsapp.client import GraphClient
from sportello.connectors.whatsapp.models import MessageTemplate, WhatsAppNumber
from sportello.core.audit import audit
from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import ChannelAccount

log = logging.getLogger("sportello.whatsapp.templates")

FIELDS = "name,status,category,language,components,id,rejected_reason,quality_score"
PAGE_SIZE = 100
MAX_PAGES = 200  # 20,000 templates: far beyond Meta's limit per account; a loop that never ends is a bug upstream
SYNC_EVERY = timedelta(days=1)
RETRY_AFTER = timedelta(hours=1)  # after a failed sync
FIRST_RETRY_AFTER = timedelta(minutes=2)  # after a failed first sync

# Meta's statuses → ours. In appeal is still under review; archived, pending deletion and deleted are gone for us.
STATUSES = {
    "APPROVED": MessageTemplate.Status.APPROVED,
    "PENDING": MessageTemplate.Status.PENDING,
    "IN_APPEAL": MessageTemplate.Status.PENDING,
    "REJECTED": MessageTemplate.Status.REJECTED,
    "PAUSED": MessageTemplate.Status.PAUSED,
    "DISABLED": MessageTemplate.Status.DISABLED,
    "LIMIT_EXCEEDED": MessageTemplate.Status.DISABLED,
    "FLAGGED": MessageTemplate.Status.PAUSED,
    "REINSTATED": MessageTemplate.Status.APPROVED,
    "ARCHIVED": MessageTemplate.Status.DELETED,
    "PENDING_DELETION": MessageTemplate.Status.DELETED,
    "DELETED": MessageTemplate.Status.DELETED,
}
HEADER_FORMATS = {"TEXT": "text", "IMAGE": "image", "DOCUMENT": "document", "VIDEO": "video"}


@dataclass
class SyncResult:
    ok: bool
    created: int = 0
    updated: int = 0
    removed: int = 0  # marked deleted: no longer listed by Meta
    error: str = ""  # what an administrator reads when ok is False

    @property
    def listed(self) -> int:
        return self.created + self.updated


def status_of(meta_status: Any) -> str:
    return STATUSES.get(str(meta_status or "").upper(), MessageTemplate.Status.PENDING)


def category_of(meta_category: Any) -> str:
    value = str(meta_category or "").lower()
    return value if value in MessageTemplate.Category.values else MessageTemplate.Category.UTILITY


def derived_fields(components: list[Any]) -> dict[str, str]:
    """The body, header kind and footer the registry keeps beside Meta's components."""
    fields = {"body": "", "header": "", "footer": ""}
    for component in components:
        if not isinstance(component, dict):
            continue
        kind = str(component.get("type", "")).upper()
        if kind == "BODY":
            fields["body"] = str(component.get("text", ""))
        elif kind == "HEADER":
            fields["header"] = HEADER_FORMATS.get(str(component.get("format", "")).upper(), "")
        elif kind == "FOOTER":
            fields["footer"] = str(component.get("text", ""))[:60]
    return fields


def fetch_all(number: WhatsAppNumber) -> list[dict[str, Any]]:
    """Every template of the number's WABA, following the `after` cursor; raises TransportError."""
    if not number.waba_id:
        raise TransportError("no WABA id", permanent=True, title=_("Manca l'ID del WhatsApp Business Account del numero."))
    client = GraphClient(number.graph_base_url, number.access_token, number.phone_number_id)
    url = f"{number.graph_base_url}/{number.waba_id}/message_templates"
    params: dict[str, Any] = {"fields": FIELDS, "limit": PAGE_SIZE}
    templates: list[dict[str, Any]] = []
    for _page in range(MAX_PAGES):
        # The next page is asked of our own base URL with Meta's cursor, never of a URL the answer names.
        document = client.get(url, params)
        if not isinstance(document, dict) or not isinstance(document.get("data"), list):
            raise TransportError("unexpected answer", permanent=True, title=_("Risposta inattesa di Meta all'elenco dei modelli."))
        templates.extend(t for t in document["data"] if isinstance(t, dict))
        paging = document.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not paging.get("next") or not after:
            return templates
        params = {**params, "after": after}
    raise TransportError("too many pages", permanent=True, title=_("Troppe pagine nell'elenco dei modelli di Meta."))


def sync_account(account: ChannelAccount, actor: Any = None) -> SyncResult:
    """Synchronise the account's templates from Meta; the outcome is stored on its number and audited."""
    number = WhatsAppNumber.objects.select_related("account__municipality").get(account=account)
    now = timezone.now()
    WhatsAppNumber.objects.filter(pk=number.pk).update(templates_sync_tried_at=now)
    try:
        listed = fetch_all(number)
    except TransportError as exc:
        error = (exc.title or exc.message)[:300]
        WhatsAppNumber.objects.filter(pk=number.pk).update(templates_sync_error=error)
        audit("whatsapp_templates.sync_failed", actor=actor, municipality=account.municipality, target=account,
              error=error, code=exc.code)
        log.warning("template sync of account %s failed: %s", account.pk, exc.message)
        return SyncResult(False, error=error)
    result = _store(account, listed, now)
    WhatsAppNumber.objects.filter(pk=number.pk).update(templates_synced_at=now, templates_sync_error="")
    audit("whatsapp_templates.synced", actor=actor, municipality=account.municipality, target=account,
          created=result.created, updated=result.updated, removed=result.removed)
    return result


@transaction.atomic
def _store(account: ChannelAccount, listed: list[dict[str, Any]], now: Any) -> SyncResult:
    result = SyncResult(True)
    existing = {(t.name, t.language): t for t in MessageTemplate.objects.select_for_update().filter(account=account)}
    seen: set[tuple[str, str]] = set()
    for item in listed:
        name, language = str(item.get("name") or "")[:512], str(item.get("language") or "")[:16]
        if not name or not language or (name, language) in seen:
            continue
        seen.add((name, language))
        components = [c for c in (item.get("components") or []) if isinstance(c, dict)]
        quality = item.get("quality_score")
        values = {
            "status": status_of(item.get("status")),
            "category": category_of(item.get("category")),
            "components": components,
            "meta_id": str(item.get("id") or "")[:40],
            "rejected_reason": _reason(item.get("rejected_reason")),
            "quality": str((quality or {}).get("score", "") if isinstance(quality, dict) else quality or "")[:10],
            "synced_at": now,
            **derived_fields(components),
        }
        row = existing.get((name, language))
        if row is None:
            MessageTemplate.objects.create(account=account, name=name, language=language, **values)
            result.created += 1
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
            result.updated += 1
    unlisted = [t for key, t in existing.items() if key not in seen]
    # Listed before (Meta gave it an id) and no longer: deleted on Meta; the row stays for campaigns that name it.
    gone = [t.pk for t in unlisted if t.meta_id and t.status != MessageTemplate.Status.DELETED]
    result.removed = MessageTemplate.objects.filter(pk__in=gone).update(
        status=MessageTemplate.Status.DELETED, synced_at=now, updated_at=now
    )
    # Never on Meta (proposed by a preset, or entered by hand as approved): not usable until it is created there.
    never = [t.pk for t in unlisted if not t.meta_id and t.status != MessageTemplate.Status.PENDING]
    MessageTemplate.objects.filter(pk__in=never).update(status=MessageTemplate.Status.PENDING, updated_at=now)
    return result


def _reason(raw: Any) -> str:
    text = str(raw or "")
    return "" if text.upper() in ("", "NONE") else text[:200]


# -- when it runs: on demand, when a number is connected or a webhook names an unknown template, and once a day from
# the worker (connectors.templates.sync_loop calls sync_due) ---------------------------------------------------------
@task()
@scopes_disabled()  # a background task: system code across municipalities
def sync_account_task(account_id: int) -> None:
    account = ChannelAccount.objects.filter(pk=account_id, active=True).first()
    if account is not None and WhatsAppNumber.objects.filter(account=account).exists():
        sync_account(account)


def schedule_sync(account_id: int) -> None:
    """Sync the account in the background once the current transaction commits."""
    transaction.on_commit(lambda: sync_account_task.enqueue(account_id))


def sync_due(now: Any = None) -> int:
    """Sync every active number with a WABA id not synchronised for a day (an hour after a failure); returns how
    many were tried. Each number is claimed by moving its `templates_sync_tried_at` forward with a conditional
    UPDATE, so workers running this at once never sync the same number twice."""
    now = now or timezone.now()
    numbers = WhatsAppNumber.objects.filter(account__active=True).exclude(waba_id="")
    failed = ~Q(templates_sync_error="")
    due = numbers.filter(
        Q(templates_sync_tried_at__isnull=True)
        | Q(templates_sync_tried_at__lt=now - SYNC_EVERY)
        | (failed & Q(templates_sync_tried_at__lt=now - RETRY_AFTER))
        # never synchronised yet (e.g. tried while the sandbox was still starting): soon again
        | (failed & Q(templates_synced_at__isnull=True) & Q(templates_sync_tried_at__lt=now - FIRST_RETRY_AFTER))
    )
    tried = 0
    for pk, seen in list(due.values_list("pk", "templates_sync_tried_at")):
        if not WhatsAppNumber.objects.filter(pk=pk, templates_sync_tried_at=seen).update(templates_sync_tried_at=now):
            continue  # another worker took it
        sync_account(WhatsAppNumber.objects.select_related("account").get(pk=pk).account)
        tried += 1
    return tried
