from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sportello.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup (manage backup) into an empty database and a new data directory."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--from", dest="source", required=True, type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            manifest = restore(options["source"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored the backup of {manifest['created_at']}; now run `sportello manage migrate`")
