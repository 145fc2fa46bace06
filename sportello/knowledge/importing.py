"""Importing knowledge-base entries from a CSV file (the console's import page and `import_knowledge`).

Columns, by header (Italian or English names; order free; `;` or `,` separated; UTF-8, or Windows-1252 as Excel
saves it): `domanda`/`question` and `risposta`/`answer` are required; `titolo`/`title` (else the question),
`altre_domande`/`alternatives` (separated by `|`), `servizio`/`department` (a department code of the
municipality), `parole_chiave`/`tags` (separated by `;` or `,` inside the cell), `attiva`/`active` (sì/no).
An entry with the same question in the same municipality is updated, not duplicated.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sportello.core.audit import audit
from sportello.knowledge.models import ANSWER_LIMIT, Entry

COLUMNS = {
    "question": ("domanda", "question"),
    "answer": ("risposta", "answer"),
    "title": ("titolo", "title"),
    "alternatives": ("altre_domande", "altre domande", "alternatives"),
    "department": ("servizio", "department", "ufficio"),
    "tags": ("parole_chiave", "parole chiave", "tags", "tag"),
    "active": ("attiva", "active", "attivo"),
}
_NO = {"no", "n", "0", "false", "falso", "disattiva", "off"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found = {}
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases:
                found[key] = i
                break
    return found


def _split(value: str, pattern: str) -> list[str]:
    return [part.strip() for part in re.split(pattern, value or "") if part.strip()]


def import_csv(municipality: Any, raw: bytes, actor: Any = None) -> ImportResult:
    """Create or update entries from CSV bytes; nothing is saved when any row is wrong."""
    from sportello.cases.models import Department

    text = decode(raw)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    result = ImportResult()
    if not rows:
        result.errors.append(_("Il file è vuoto."))
        return result
    cols = _columns(rows[0])
    missing = [COLUMNS[k][0] for k in ("question", "answer") if k not in cols]
    if missing:
        result.errors.append(_("Mancano le colonne: %(cols)s.") % {"cols": ", ".join(missing)})
        return result
    departments = {d.code: d for d in Department.objects.filter(municipality=municipality)}
    prepared = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = cols.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        question, answer = cell("question"), cell("answer")
        code = cell("department")
        problems = []
        if not question or not answer:
            problems.append(_("domanda e risposta sono obbligatorie"))
        if len(question) > 300:
            problems.append(_("la domanda supera i 300 caratteri"))
        if len(answer) > ANSWER_LIMIT:
            problems.append(_("la risposta supera i %(n)d caratteri") % {"n": ANSWER_LIMIT})
        if code and code not in departments:
            problems.append(_("servizio «%(code)s» sconosciuto") % {"code": code})
        if problems:
            result.errors.append(_("Riga %(n)d: %(problems)s.") % {"n": number, "problems": "; ".join(problems)})
            continue
        prepared.append({
            "question": question,
            "answer": answer,
            "title": (cell("title") or question)[:200],
            "alternatives": "\n".join(_split(cell("alternatives"), r"\|")),
            "department": departments.get(code),
            "tags": _split(cell("tags"), r"[;,]"),
            "active": cell("active").lower() not in _NO,
        })
    if result.errors:
        return result
    with transaction.atomic():
        for values in prepared:
            entry = Entry.objects.filter(municipality=municipality, question=values["question"]).first()
            if entry is None:
                Entry.objects.create(municipality=municipality, updated_by=_user(actor), **values)
                result.created += 1
            else:
                for name, value in values.items():
                    setattr(entry, name, value)
                entry.updated_by = _user(actor)
                entry.save()
                result.updated += 1
        audit("knowledge.imported", actor=actor, municipality=municipality, target=municipality,
              created=result.created, updated=result.updated)
    return result


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
