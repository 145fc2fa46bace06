"""Reference numbers: URP-2026-000123, gap-free per municipality and year.

The counter row is locked (`SELECT … FOR UPDATE`) and incremented in the same transaction that creates the
case, so a rolled-back case gives its number back and two concurrent cases never share one. On PostgreSQL
the row is created with `INSERT … ON CONFLICT DO NOTHING` so the first case of a year cannot race; on
SQLite transactions take the write lock at BEGIN (settings: IMMEDIATE), which serialises them anyway.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from sportello.cases import conf
from sportello.cases.models import ReferenceCounter


def year_of(municipality, moment: datetime) -> int:  # type: ignore[no-untyped-def]
    return moment.astimezone(ZoneInfo(municipality.timezone or "Europe/Rome")).year


def next_number(municipality_id: int, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that creates the case")
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(municipality_id=municipality_id, year=year, last=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(municipality_id=municipality_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def format_reference(year: int, number: int) -> str:
    return f"{conf.get('CASES_REFERENCE_PREFIX')}-{year}-{number:06d}"
