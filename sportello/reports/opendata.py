"""Open data: monthly aggregates in which no published cell counts fewer than `MIN_CELL` people.

Within a month and measure, the groups under the threshold are merged into «Other»; if «Other» is still under it,
it is withheld, and so is the smallest remaining group when exactly one cell would be withheld (otherwise a
reader subtracting the published cells from a known monthly total would recover it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from sportello.cases.models import Department
from sportello.conversations.channel import kind_label
from sportello.reports.filters import ReportFilter
from sportello.reports.models import CaseFact, ConversationFact

MIN_CELL = 5


@dataclass
class Cell:
    month: str
    measure: str
    group: str
    count: int
    mean: float | None = None  # a mean over the cell's people (minutes, score), published with it


def suppress(cells: list[Cell], minimum: int = MIN_CELL) -> list[Cell]:
    by_group: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        if cell.count > 0:
            by_group[(cell.month, cell.measure)].append(cell)
    out: list[Cell] = []
    for (month, measure), group in sorted(by_group.items()):
        big = sorted((c for c in group if c.count >= minimum), key=lambda c: c.count)
        small = [c for c in group if c.count < minimum]
        if small:
            merged = Cell(month, measure, _("Other"), sum(c.count for c in small), _weighted(small))
            if merged.count >= minimum:
                big.append(merged)
            elif big:  # withhold the smallest group too, so the small one cannot be derived from a total
                big.pop(0)
        out.extend(sorted(big, key=lambda c: c.group))
    return out


def _weighted(cells: list[Cell]) -> float | None:
    known = [c for c in cells if c.mean is not None]
    total = sum(c.count for c in known)
    return round(sum(c.mean * c.count for c in known) / total, 1) if total else None  # type: ignore[operator]


def _months(f: ReportFilter) -> list[tuple[str, ReportFilter]]:
    """The period cut at month ends: one filter per calendar month it touches."""
    out, cursor = [], f.start
    while cursor <= f.end:
        last = min((cursor.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1), f.end)
        out.append((cursor.strftime("%Y-%m"), replace(f, start=cursor, end=last)))
        cursor = last + timedelta(days=1)
    return out


def cells(f: ReportFilter) -> list[Cell]:
    """People are counted distinct within a month, so each month is its own query, on the facts' copied citizen
    ids: an index-only range scan per month, no join and no per-row date function."""
    found: list[Cell] = []
    departments = dict(Department.objects.filter(municipality=f.municipality).values_list("pk", "name"))
    for month, part in _months(f):
        for channel, n, first in (
            ConversationFact.objects.filter(part.q()).values_list("channel")
            .annotate(n=Count("citizen_id", distinct=True), first=Avg("first_response_seconds")).order_by()
        ):
            found.append(Cell(month, _("People who wrote, by channel (mean: first response, office minutes)"),
                              kind_label(channel), n, round(first / 60, 1) if first is not None else None))
        for department_id, n, resolution in (
            CaseFact.objects.filter(part.q()).values_list("department_id")
            .annotate(n=Count("citizen_id", distinct=True), resolution=Avg("resolution_seconds")).order_by()
        ):
            found.append(Cell(month, _("People with a case, by department (mean: resolution, office hours)"),
                              departments.get(department_id, ""), n,
                              round(resolution / 3600, 1) if resolution is not None else None))
    return suppress(found)


def header() -> list[str]:
    return [_("month"), _("measure"), _("group"), _("people"), _("mean")]


def rows(f: ReportFilter) -> list[list[object]]:
    return [[c.month, c.measure, c.group, c.count, "" if c.mean is None else c.mean] for c in cells(f)]
