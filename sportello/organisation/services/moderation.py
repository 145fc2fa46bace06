"""Moderation per category as the console edits it: one row per category, with the defaults where none is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sportello.core.audit import audit
from sportello.moderation import conf
from sportello.moderation.models import CATEGORY_LABELS, CategoryAction, ModerationPolicy
from sportello.moderation.screening import Category
from sportello.moderation.services import policy_for
from sportello.municipalities.models import Municipality


@dataclass
class ActionRow:
    category: str
    label: Any
    hide: bool
    notify: bool
    strike: bool
    threshold: float | None


def rows_for(town: Municipality) -> tuple[ModerationPolicy, list[ActionRow]]:
    policy = policy_for(town)
    saved = {a.category: a for a in CategoryAction.objects.filter(policy=policy)}
    rows = []
    for category in Category:
        row = saved.get(category.value)
        default = conf.DEFAULT_ACTIONS[category]
        rows.append(ActionRow(
            category.value, CATEGORY_LABELS[category],
            row.hide if row else default.hide, row.notify if row else default.notify,
            row.strike if row else default.strike, row.threshold if row else None,
        ))
    return policy, rows


@transaction.atomic
def save(town: Municipality, policy_fields: dict[str, Any], rows: list[ActionRow], actor: Any) -> list[str]:
    """Store the policy fields and every category's action; returns the categories whose action changed."""
    policy = ModerationPolicy.objects.select_for_update().get(pk=policy_for(town).pk)
    _, before = rows_for(town)
    old = {r.category: r for r in before}
    changed_policy = [name for name, value in policy_fields.items() if getattr(policy, name) != value]
    for name in changed_policy:
        setattr(policy, name, policy_fields[name])
    if changed_policy:
        policy.save(update_fields=changed_policy)
    changed = []
    for row in rows:
        if row != old[row.category]:
            changed.append(row.category)
            CategoryAction.objects.update_or_create(
                policy=policy, category=row.category,
                defaults={"hide": row.hide, "notify": row.notify, "strike": row.strike, "threshold": row.threshold},
            )
    if changed or changed_policy:
        audit("organisation.moderation.changed", actor=actor, municipality=town, target=policy,
              categories={c: _describe(next(r for r in rows if r.category == c)) for c in changed},
              fields={name: policy_fields[name] for name in changed_policy})
    return changed


def _describe(row: ActionRow) -> dict[str, Any]:
    return {"hide": row.hide, "notify": row.notify, "strike": row.strike, "threshold": row.threshold}
