"""Regenerate the survey app's Italian catalogue from i18n/it.py (a development tool; needs polib).

    cd sportello/survey && python -m django makemessages -l it --no-location && python -m sportello.survey.i18n.fill
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

from sportello.survey.i18n.it import IT

PO = Path(__file__).resolve().parent.parent / "locale" / "it" / "LC_MESSAGES" / "django.po"


def main() -> int:
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        if entry.msgid in IT:
            entry.msgstr = IT[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        elif not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.metadata["Language"] = "it"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing Italian: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
