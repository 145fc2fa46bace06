"""Recompute the statistics' derived tables from the source tables (all municipalities, or one)."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from sportello.municipalities.models import Municipality
from sportello.reports import rollup


class Command(BaseCommand):
    help = "Rebuild the statistics rollups (conversation and case facts, daily message counts)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--municipality", help="slug; all municipalities when omitted")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        with scopes_disabled():
            towns = Municipality.objects.all()
            if options["municipality"]:
                towns = towns.filter(slug=options["municipality"])
            for town in towns:
                rollup.rebuild(town)
                self.stdout.write(f"{town.slug}: rollups rebuilt")
