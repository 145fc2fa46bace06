"""Erasure (art. 17 GDPR) driven by the registry: every declared model is deleted, anonymised or kept without
identity, files are removed from storage, raw bodies redacted, and the database files compacted so the freed pages
do not keep the bytes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import ProtectedError

from sportello.citizens.models import Citizen
from sportello.privacy.registry import ANONYMISE, DELETE, KEEP_WITHOUT_IDENTITY, Declaration, declarations
from sportello.privacy.subject import Subject

log = logging.getLogger("sportello.privacy")


@dataclass
class Erasure:
    subject: Subject
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


def _order(declaration: Declaration) -> int:
    """Custom erasers read the subject's messages: before anything is deleted. The citizens themselves: last."""
    if declaration.model is Citizen:
        return 3
    if declaration.eraser is not None:
        return 0
    return 1 if declaration.on_erase in (ANONYMISE, KEEP_WITHOUT_IDENTITY) else 2


def _remove_files(declaration: Declaration, pks: list[Any]) -> int:
    removed = 0
    if not declaration.files:
        return 0
    for row in declaration.model._base_manager.filter(pk__in=pks).only("pk", *declaration.files):
        for name in declaration.files:
            stored = getattr(row, name)
            if stored and stored.name:
                default_storage.delete(stored.name)
                removed += 1
    return removed


def erase(subject: Subject) -> Erasure:
    """Runs inside the caller's transaction; `compact_databases` must run after it commits."""
    erasure = Erasure(subject=subject)
    ordered = sorted(declarations(), key=_order)
    # Which rows belong to the subject is decided once, before anything changes (finders follow links that
    # anonymisation cuts, e.g. a case event is found through its case's citizen).
    rows = {d.label: list(d.rows_of(subject.records).values_list("pk", flat=True)) for d in ordered}
    # Files first: deleting a conversation cascades to its attachments' rows, which name the files.
    for declaration in ordered:
        erasure.files += _remove_files(declaration, rows[declaration.label])
    postponed: list[Declaration] = []
    for declaration in ordered:
        pks = rows[declaration.label]
        queryset = declaration.model._base_manager.filter(pk__in=pks)
        if declaration.eraser is not None:
            erasure.counts[declaration.label] = declaration.eraser(queryset, erasure)
            continue
        if declaration.on_erase != DELETE:
            erasure.counts[declaration.label] = queryset.update(**declaration.anonymise) if pks else 0
        elif not _delete(declaration, queryset, erasure):
            postponed.append(declaration)  # still referenced (PROTECT) by a row deleted later in the list
    for declaration in postponed:
        _delete(declaration, declaration.model._base_manager.filter(pk__in=rows[declaration.label]), erasure, True)
    return erasure


def _delete(declaration: Declaration, queryset: Any, erasure: Erasure, last_try: bool = False) -> bool:
    try:
        with transaction.atomic(using=queryset.db):
            deleted = queryset.delete()[1]
    except ProtectedError:
        if last_try:
            raise
        return False
    # Cascades are counted where they land (a conversation's messages under Message).
    for label, count in deleted.items():
        erasure.counts[label] = erasure.counts.get(label, 0) + count
    erasure.counts.setdefault(declaration.label, 0)
    return True


def compact_databases() -> None:
    """SQLite keeps deleted rows in free pages and in the WAL until they are reused: rewrite the files and empty
    the WAL. PostgreSQL's dumps and queries never see dead tuples; autovacuum reclaims them."""
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "sqlite" or transaction.get_connection(alias).in_atomic_block:
            continue
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log.info("database files compacted after an erasure")
