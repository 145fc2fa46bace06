"""Every string has its translation: English for the Italian-source apps (sportello/locale/en), Italian for the
English-source apps (<app>/locale/it). makemessages runs over a temporary copy of the sources, so a string added in
the code without its translation fails here even before anyone regenerates the catalogues; the committed .mo files
must say what the .po files say."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

from sportello.console.i18n.catalogue import (Gap, english_source_apps, gaps, italian_source_ignore_patterns,
                                              make_messages, source_copy)

PACKAGE = Path(settings.BASE_DIR)
ENGLISH = Path("locale/en/LC_MESSAGES/django.po")


def _catalogue(tmp_path: Path, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for entry in entries:
        po.append(entry)
    path = tmp_path / "django.po"
    po.save(str(path))
    return path


# The checker itself, on synthetic catalogues.

def test_a_complete_catalogue_has_no_gaps(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, polib.POEntry(msgid="Orari", msgstr="Hours"),
                      polib.POEntry(msgid="%(n)s pratica", msgid_plural="%(n)s pratiche",
                                    msgstr_plural={0: "%(n)s case", 1: "%(n)s cases"}),
                      polib.POEntry(msgid="Vecchia", msgstr="", obsolete=True))
    assert gaps(path) == []


def test_empty_fuzzy_and_half_translated_plural_entries_are_gaps(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, polib.POEntry(msgid="Nuova stringa", msgstr="", occurrences=[("console/views.py", "7")]),
                      polib.POEntry(msgid="Orari", msgstr="Hours", flags=["fuzzy"]),
                      polib.POEntry(msgid="%(n)s pratica", msgid_plural="%(n)s pratiche",
                                    msgstr_plural={0: "%(n)s case", 1: ""}),
                      polib.POEntry(msgid="Chiuso", msgstr="Closed"))
    assert gaps(path) == [Gap("Nuova stringa", "empty", "console/views.py:7"), Gap("Orari", "fuzzy", ""),
                          Gap("%(n)s pratica", "empty", "")]


def test_a_new_italian_string_without_english_fails_the_check(tmp_path: Path) -> None:
    """What a developer does: `_("…")` in an old app, no English added. The real sources plus that one file."""
    with source_copy(PACKAGE, tmp_path) as copy:
        (copy / "console" / "novita.py").write_text(
            'from django.utils.translation import gettext as _\n\nLABEL = _("Una stringa appena aggiunta")\n')
        make_messages(copy, ["en"], italian_source_ignore_patterns(copy))
        found = gaps(copy / ENGLISH)
    # Empty, or fuzzy when msgmerge guesses from a similar string: a gap either way.
    assert [(g.msgid, g.where) for g in found if "appena" in g.msgid] == [
        ("Una stringa appena aggiunta", "console/novita.py:3")]


# The real catalogues.

def test_english_catalogue_of_the_italian_source_apps_is_complete(tmp_path: Path) -> None:
    with source_copy(PACKAGE, tmp_path) as copy:
        make_messages(copy, ["en"], italian_source_ignore_patterns(copy))
        found = gaps(copy / ENGLISH)
        po = polib.pofile(str(copy / ENGLISH))
    assert found == [], "\n".join(map(str, found))
    new_apps = tuple(f"{app}/" for app in english_source_apps(PACKAGE))
    strays = [e.msgid for e in po if not e.obsolete and e.occurrences
              and all(path.startswith(new_apps) for path, _line in e.occurrences)]
    assert strays == [], "English-source apps' strings do not belong in sportello/locale/en"


def test_the_english_source_apps_are_found_by_their_locale_directory() -> None:
    apps = english_source_apps(PACKAGE)
    assert {"reports", "privacy", "survey"} <= set(apps)
    assert not {"console", "cases", "broadcasts", "policies"} & set(apps)


@pytest.mark.parametrize("app", english_source_apps(PACKAGE))
def test_italian_catalogue_of_each_english_source_app_is_complete(app: str, tmp_path: Path) -> None:
    with source_copy(PACKAGE, tmp_path) as copy:
        make_messages(copy / app, ["it"], [])
        found = gaps(copy / app / "locale" / "it" / "LC_MESSAGES" / "django.po")
    assert found == [], "\n".join(map(str, found))


def _compiled_catalogues() -> list[Path]:
    found = [PACKAGE / ENGLISH, PACKAGE / "locale_vendor" / "it" / "LC_MESSAGES" / "django.po"]
    found += [PACKAGE / app / "locale" / "it" / "LC_MESSAGES" / "django.po" for app in english_source_apps(PACKAGE)]
    return [path for path in found if path.exists()]


@pytest.mark.parametrize("po_path", _compiled_catalogues(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches_its_source(po_path: Path) -> None:
    """The .mo files are committed (no build step on install): each must carry every translation of its .po."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run compilemessages"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(mo_path))}
    stale = [e.msgid for e in polib.pofile(str(po_path)).translated_entries()
             if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)]
    assert stale == [], f"{mo_path} is older than its .po: {stale[:5]}"
