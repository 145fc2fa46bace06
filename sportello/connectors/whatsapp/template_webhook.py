"""Meta's template webhooks (`message_template_status_update`, `…_quality_update`, `template_category_update`,
`message_template_components_update`) applied to the registry. They name the WhatsApp Business Account (the
entry's id, our OtherUpdate's account_ref) and the template by Meta's id, name and language.

A template we do not know yet is fetched by a sync of the account in the background (it was created outside
Sportello, in Meta's manager), so its body and components come from Meta and not from the webhook's summary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from sportello.connectors.base import OtherUpdate
from sportello.connectors.whatsapp import template_sync
from sportello.connectors.whatsapp.models import MessageTemplate, WhatsAppNumber
from sportello.core.audit import audit

FIELDS = (
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
    "message_template_components_update",
)


def _status(row: MessageTemplate, value: dict[str, Any]) -> list[str]:
    row.status = template_sync.status_of(value.get("event"))
    info = value.get("rejection_info") if isinstance(value.get("rejection_info"), dict) else {}
    reason = str(info.get("reason") or "") or template_sync._reason(value.get("reason"))
    row.rejected_reason = reason[:200] if row.status == MessageTemplate.Status.REJECTED else ""
    changed = ["status", "rejected_reason"]
    if value.get("message_template_category"):
        row.category = template_sync.category_of(value["message_template_category"])
        changed.append("category")
    return changed


def _quality(row: MessageTemplate, value: dict[str, Any]) -> list[str]:
    row.quality = str(value.get("new_quality_score") or "")[:10]
    return ["quality"]


def _category(row: MessageTemplate, value: dict[str, Any]) -> list[str]:
    row.category = template_sync.category_of(value.get("new_category"))
    return ["category"]


def _components(row: MessageTemplate, value: dict[str, Any]) -> list[str]:
    # The webhook gives the new words only in summary; the sync that follows brings the components themselves.
    if value.get("message_template_element"):
        row.body = str(value["message_template_element"])
    if "message_template_footer" in value:
        row.footer = str(value.get("message_template_footer") or "")[:60]
    return ["body", "footer"]


HANDLERS: dict[str, Callable[[MessageTemplate, dict[str, Any]], list[str]]] = {
    "message_template_status_update": _status,
    "message_template_quality_update": _quality,
    "template_category_update": _category,
    "message_template_components_update": _components,
}


def apply(update: OtherUpdate) -> bool:
    """Apply one template webhook to the rows of every number of its WABA; False if it is not one of ours."""
    handler = HANDLERS.get(update.field)
    if handler is None:
        return False
    value = update.value
    numbers = list(
        WhatsAppNumber.objects.select_related("account__municipality")
        .filter(Q(waba_id=update.account_ref) | Q(phone_number_id=update.account_ref), account__active=True)
    ) if update.account_ref else []
    if not numbers:
        return False
    meta_id = str(value.get("message_template_id") or "")
    name = str(value.get("message_template_name") or "")
    language = str(value.get("message_template_language") or "")
    for number in numbers:
        rows = MessageTemplate.objects.filter(account=number.account).filter(
            (Q(meta_id=meta_id) if meta_id else Q(pk__in=[])) | Q(name=name, language=language)
        )
        found = False
        for row in rows:
            found = True
            before = row.status
            changed = handler(row, value)
            if meta_id and not row.meta_id:
                row.meta_id, changed = meta_id[:40], [*changed, "meta_id"]
            row.save(update_fields=[*changed, "updated_at"])
            audit("whatsapp_template.updated_by_meta", municipality=number.account.municipality, target=row,
                  field=update.field, status_before=before, status=row.status)
        if not found or update.field == "message_template_components_update":
            template_sync.schedule_sync(number.account_id)
    return True
