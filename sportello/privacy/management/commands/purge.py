"""`sportello manage purge [--dry-run]`: apply the retention limits now (the worker does it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sportello.privacy.retention import purge


class Command(BaseCommand):
    help = "Remove personal data older than each municipality's retention limits; --dry-run only counts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would be removed, remove nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        run = purge(dry_run=options["dry_run"])
        verb = "would remove" if run.dry_run else "removed"
        for kind in ("messages", "media", "raw_webhooks", "deliveries", "audit", "survey"):
            self.stdout.write(f"{kind}: {verb} {run.counts.get(kind, 0)}")
        if run.problem:
            self.stderr.write(f"problem: {run.problem}")
