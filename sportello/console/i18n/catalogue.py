"""The translation catalogues: which sources feed which catalogue, and whether a catalogue is complete.

Two kinds of apps live side by side. The older ones write Italian source strings (`_("Orari")`); their English is
in `sportello/locale/en`, filled from `console/i18n/en.py` by `fill_translations`. Newer apps write English source
strings and carry their own Italian catalogue in `<app>/locale/it`. An app with its own `locale` directory is of the
second kind; `makemessages` for the shared catalogue must skip it, or its English strings would land in
`sportello/locale/en` as untranslatable noise.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.test.utils import override_settings

# Never scanned: vendored front-end files and the sandbox's own assets.
ALWAYS_IGNORED = ["static/*", "sandbox/static/*"]
# What makemessages reads for the "django" domain, plus the catalogues themselves.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}


def english_source_apps(package: Path) -> list[str]:
    """Apps with their own locale directory: English source strings, an Italian catalogue beside them."""
    return sorted(path.parent.name for path in package.glob("*/locale") if path.is_dir())


def italian_source_ignore_patterns(package: Path) -> list[str]:
    """makemessages ignore patterns that leave only the Italian-source apps (the shared catalogue)."""
    return [*ALWAYS_IGNORED, *(f"{app}/*" for app in english_source_apps(package))]


def make_messages(package: Path, locales: Iterable[str], ignore_patterns: Iterable[str]) -> None:
    """Run makemessages over `package`, writing only catalogues inside it.

    LOCALE_PATHS is pointed at the package's own locale directory so that a run over a temporary copy never
    touches the real catalogues.
    """
    with override_settings(LOCALE_PATHS=[package / "locale"]), contextlib.chdir(package):
        call_command("makemessages", locale=list(locales), ignore_patterns=list(ignore_patterns), verbosity=0)


def compile_messages(locale_dir: Path, locales: Iterable[str]) -> None:
    """compilemessages for one locale directory only (run from elsewhere it would compile every app's)."""
    with override_settings(LOCALE_PATHS=[locale_dir]), contextlib.chdir(locale_dir):
        call_command("compilemessages", locale=list(locales), verbosity=0)


@contextlib.contextmanager
def source_copy(package: Path, destination: Path) -> Iterator[Path]:
    """A copy of the package's translatable sources and catalogues, for a makemessages run that changes nothing."""

    def skipped(directory: str, names: list[str]) -> set[str]:
        return {
            name for name in names
            if name in {"__pycache__", "static", "node_modules"}
            or (Path(directory, name).is_file() and Path(name).suffix not in SOURCE_SUFFIXES)
        }

    copy = destination / package.name
    shutil.copytree(package, copy, ignore=skipped)
    try:
        yield copy
    finally:
        shutil.rmtree(copy, ignore_errors=True)


@dataclass(frozen=True)
class Gap:
    """An entry a reader would see untranslated."""

    msgid: str
    problem: str  # "empty" or "fuzzy"
    where: str  # the first source reference, "console/views.py:12"

    def __str__(self) -> str:
        return f"{self.problem}: {self.msgid!r} ({self.where})"


def gaps(po_path: Path) -> list[Gap]:
    """Entries of a catalogue that are empty (singular or any plural form) or marked fuzzy; obsolete ones aside."""
    import polib  # a test and development dependency

    found = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        where = ":".join(entry.occurrences[0]) if entry.occurrences else ""
        if entry.fuzzy:
            found.append(Gap(entry.msgid, "fuzzy", where))
        elif entry.msgid_plural and not (entry.msgstr_plural and all(entry.msgstr_plural.values())):
            found.append(Gap(entry.msgid, "empty", where))
        elif not entry.msgid_plural and not entry.msgstr:
            found.append(Gap(entry.msgid, "empty", where))
    return found
