"""sportello manage import_knowledge --municipality SLUG FILE.csv: add or update knowledge-base entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sportello.core.scoping import scopes_disabled
from sportello.knowledge.importing import import_csv
from sportello.municipalities.models import Municipality


class Command(BaseCommand):
    help = "Import knowledge-base entries from a CSV file (columns: domanda, risposta, titolo, servizio, …)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="the municipality's slug")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"no municipality with slug {options['municipality']!r}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        result = import_csv(municipality, path.read_bytes())
        if result.errors:
            raise CommandError("nothing imported:\n" + "\n".join(result.errors))
        self.stdout.write(f"{result.created} created, {result.updated} updated")
