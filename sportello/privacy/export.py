"""Access (art. 15 GDPR): everything about one data subject on every channel, from the registry.

The data subject is the citizen record asked for and the records an operator linked to it (the same person on
other channels); nothing is read through any other citizen. Identities are given decrypted: this is the person's
own data.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models
from django.utils import timezone

from sportello.conversations.channel import account_label
from sportello.conversations.models import Conversation, Message
from sportello.privacy.registry import declarations
from sportello.privacy.subject import Subject

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return value


def _row(row: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.pk}
    for name in fields:
        field = row._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            related = getattr(row, name)
            out[name] = str(related) if related is not None else None
        else:
            out[name] = _plain(getattr(row, name))
    return out


def _conversations(subject: Subject) -> list[dict[str, Any]]:
    """Messages grouped by conversation with their channel: the readable core of the export."""
    found = []
    conversations = Conversation._base_manager.filter(citizen__in=subject.ids).select_related("account").order_by("pk")
    for conversation in conversations:
        messages = (
            Message._base_manager.filter(conversation=conversation).prefetch_related("attachments").order_by("sent_at", "pk")
        )
        found.append({
            "id": conversation.pk,
            "channel": conversation.account.channel,
            "channel_label": str(account_label(conversation.account)),
            "citizen": conversation.citizen_id,
            "state": conversation.state,
            "created_at": conversation.created_at.isoformat(),
            "messages": [
                {
                    "id": m.pk, "direction": m.direction, "kind": m.kind, "text": m.text, "details": m.payload,
                    "sent_at": m.sent_at.isoformat(), "status": m.status,
                    "attachments": [
                        {"filename": a.filename, "mime_type": a.mime_type, "size": a.size, "sha256": a.sha256}
                        for a in m.attachments.all()
                    ],
                }
                for m in messages
                if m.direction != Message.Direction.NOTE  # internal notes are staff working papers, listed apart
            ],
        })
    return found


def export_subject(subject: Subject) -> dict[str, Any]:
    records = []
    for citizen in subject.records:
        records.append({
            "id": citizen.pk,
            "display_name": citizen.display_name,
            "username": citizen.username,
            "created_at": citizen.created_at.isoformat(),
            "last_seen_at": citizen.last_seen_at.isoformat() if citizen.last_seen_at else None,
            "identities": [
                {"kind": i.kind, "value": i.value, "active": i.active, "created_at": i.created_at.isoformat()}
                for i in citizen.identities.model._base_manager.filter(citizen=citizen).order_by("pk")
            ],
        })
    data: dict[str, Any] = {}
    not_exported: dict[str, str] = {}
    for declaration in declarations():
        if not declaration.export:
            not_exported[declaration.label] = declaration.why_not_exported
            continue
        rows = declaration.rows_of(subject.records).order_by("pk")
        data[declaration.label] = {
            "name": str(declaration.model._meta.verbose_name_plural),
            "purpose": declaration.purpose,
            "legal_basis": declaration.legal_basis,
            "rows": [_row(row, declaration.fields) for row in rows],
        }
    return {
        "format": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "municipality": subject.citizen.municipality.name,
        "subject": {"citizen": subject.citizen.pk, "records": records},
        "conversations": _conversations(subject),
        "data": data,
        "not_exported": not_exported,
    }
