"""Refresh sportello/locale: makemessages (it, en), fill English from console/i18n, compilemessages.

    sportello manage fill_translations

Only the Italian-source apps feed sportello/locale; apps with their own locale directory write English source strings
and keep their Italian catalogue themselves (see console/i18n/catalogue.py). English comes from the dictionaries in
console/i18n/en.py (appended to by each change) and console/i18n/en_full.py (the bulk translation); an entry found
there always takes that text, so a correction in the dictionary reaches the catalogue. Entries found in neither keep
what the .po has; `tests/i18n` fails while any is empty or fuzzy.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sportello.console.i18n.catalogue import (compile_messages, gaps, italian_source_ignore_patterns,
                                               make_messages)
from sportello.console.i18n.english import english, english_plurals
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Regenerate and compile the Italian and English translations of the Italian-source apps."

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args: object, **options: object) -> None:
        import polib  # a development tool: `pip install polib`

        package = Path(settings.BASE_DIR)
        make_messages(package, ["it", "en"], italian_source_ignore_patterns(package))
        path = package / "locale" / "en" / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        singular, plural = english(), english_plurals()
        filled = 0
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural and entry.msgid in plural:
                one, many = plural[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
            elif not entry.msgid_plural and entry.msgid in singular:
                entry.msgstr = singular[entry.msgid]
            else:
                continue
            filled += 1
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = None
        po.save()
        compile_messages(package / "locale", ["it", "en"])
        missing = gaps(path)
        self.stdout.write(f"English: {filled} entries from the dictionaries, {po.percent_translated()}% translated, "
                          f"{len(missing)} empty or fuzzy")
        for gap in missing:
            self.stdout.write(f"  {gap}")
