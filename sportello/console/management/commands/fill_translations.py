"""Refresh sportello/locale: makemessages (it, en), fill English from console/i18n/en.py, compilemessages.

    sportello manage fill_translations

Entries already translated in the .po (by other apps' authors) are kept; missing ones fall back to Italian.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sportello.console.i18n.en import EN, PLURALS
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Regenerate and compile the Italian and English translations."

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args: object, **options: object) -> None:
        import polib  # a development tool: `pip install polib`

        package = Path(settings.BASE_DIR)
        here = os.getcwd()
        os.chdir(package)
        try:
            call_command("makemessages", locale=["it", "en"], ignore_patterns=["static/*", "sandbox/static/*"],
                         verbosity=0)
            po = polib.pofile(str(package / "locale" / "en" / "LC_MESSAGES" / "django.po"))
            filled = 0
            for entry in po:
                if entry.msgid_plural and entry.msgid in PLURALS and not any(entry.msgstr_plural.values()):
                    one, many = PLURALS[entry.msgid]
                    entry.msgstr_plural = {0: one, 1: many}
                    filled += 1
                elif not entry.msgid_plural and not entry.msgstr and entry.msgid in EN:
                    entry.msgstr = EN[entry.msgid]
                    filled += 1
                if "fuzzy" in entry.flags and entry.msgid in EN:
                    entry.flags.remove("fuzzy")
                    entry.msgstr = EN[entry.msgid]
            po.save()
            call_command("compilemessages", locale=["it", "en"], verbosity=0)
        finally:
            os.chdir(here)
        self.stdout.write(f"English: {filled} entries filled, {po.percent_translated()}% translated")
