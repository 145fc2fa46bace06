"""Writing the audit log. Services call `audit(...)`; nothing else writes AuditEntry rows."""

from __future__ import annotations

from typing import Any

from django.db import models

from sportello.core import build, inserts
from sportello.core.models import AuditEntry


def audit(
    action: str,
    *,
    actor: Any = None,
    actor_label: str = "",
    municipality: Any = None,
    target: models.Model | None = None,
    **data: Any,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_label or (user.get_username() if user else "system")
    entry = build.new(
        AuditEntry,
        action=action,
        actor=user,
        actor_label=label,
        municipality=municipality,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data,
    )
    # In the batched pipeline the entries of a run are written with one insert, in the same transaction; a target
    # written with the same run gets its key first.
    if target is not None and target.pk is None:
        inserts.create_later(entry, after=target, fill=lambda e: setattr(e, "target_id", str(target.pk)))
    else:
        inserts.create_later(entry)
    return entry
