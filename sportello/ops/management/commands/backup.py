from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sportello.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, citizens' media and the keys into an empty directory (docs/operations.md)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--to", required=True, type=Path, help="an empty or new directory")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            manifest = backup(options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written to {options['to']}: {manifest}")
        if not manifest["keys_file"]:
            self.stderr.write("the keys come from the environment: keep a copy of them with this backup")
