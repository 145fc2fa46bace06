"""`sportello manage run_sender`: the campaign sender as its own process (several may run on PostgreSQL)."""

from __future__ import annotations

import asyncio
import signal
import threading

from django.core.management.base import BaseCommand

from sportello.broadcasts import sender
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Invia le campagne: svuota la coda dei recapiti al ritmo di ciascun canale (SIGTERM per fermare)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--until-idle", action="store_true", help="esce quando non resta nulla da inviare")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            import uvloop

            uvloop.install()
        except ImportError:  # pragma: no cover
            pass
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        runner = sender.Sender()
        asyncio.run(runner.run(stop, until_idle=options["until_idle"]))
        self.stdout.write(f"run_sender: {runner.sent} messages accepted")
