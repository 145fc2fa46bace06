"""`sportello manage verify_evidence bundle.zip`: recompute an evidence bundle's hashes (exit 1 on any problem)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sportello.core.scoping import scopes_disabled
from sportello.moderation.evidence import verify_bundle


class Command(BaseCommand):
    help = "Verify an evidence bundle: every file against manifest.json, and the manifest against the office's record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle")
        parser.add_argument("--manifest-sha256", default="", help="the fingerprint the office recorded")
        parser.add_argument("--offline", action="store_true", help="do not look up the export in the database")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args: Any, **options: Any) -> None:
        expected = options["manifest_sha256"]
        result = verify_bundle(options["bundle"], expected_manifest_sha256=expected)
        if not expected and not options["offline"] and result.export is not None:
            from sportello.moderation.models import EvidenceExport

            record = EvidenceExport.objects.filter(pk=result.export).first()
            if record is None:
                self.stdout.write(f"export {result.export} is not recorded in this installation")
            elif record.manifest_sha256 != result.manifest_sha256:
                result.problems.append("manifest.json differs from the one the office recorded")
            else:
                self.stdout.write(f"manifest matches export {record.pk} recorded on {record.created_at:%Y-%m-%d %H:%M}")
        for problem in result.problems:
            self.stdout.write(f"FAIL {problem}")
        if not result.ok:
            raise CommandError(f"bundle does not verify ({len(result.problems)} problems)")
        self.stdout.write(self.style.SUCCESS(f"OK: {result.checked} files match manifest {result.manifest_sha256}"))
