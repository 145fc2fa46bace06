"""Claiming work rows so several workers can share a table: SKIP LOCKED on PostgreSQL, the write lock on SQLite."""

from __future__ import annotations

from datetime import timedelta

from django.db import router, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone


def claim(queryset: QuerySet, *, limit: int, lease: timedelta) -> list[int]:
    """Ids of up to `limit` unclaimed (or lease-expired) rows, now leased to the caller."""
    now = timezone.now()
    model: type[Model] = queryset.model
    with transaction.atomic(using=router.db_for_write(model)):
        ids = list(
            queryset.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            model._default_manager.filter(pk__in=ids).update(claimed_until=now + lease)
    return ids
