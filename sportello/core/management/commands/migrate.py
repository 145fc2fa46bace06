"""`migrate` that also migrates the SQLite inbound-event database (see conversations/routers.py)."""

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoMigrate):
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        super().handle(*args, **options)
        if options["database"] == DEFAULT_DB_ALIAS and "inbound" in settings.DATABASES:
            super().handle(*args, **{**options, "database": "inbound"})
