"""The council's report (monthly or yearly) as PDF: the statistics page's figures and charts, laid out for paper
by WeasyPrint (the SVG charts embed as they are)."""

from __future__ import annotations

import calendar
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from sportello.reports.dashboard import build
from sportello.reports.filters import ReportFilter


def period(kind: str, year: int, month: int | None) -> tuple[date, date]:
    if kind == "month" and month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def render(f: ReportFilter, title: str) -> bytes:
    from weasyprint import HTML

    context = build(f)
    context.update({"title": title, "filter": f, "municipality": f.municipality, "generated": timezone.now()})
    html = render_to_string("reports/report_pdf.html", context)
    return HTML(string=html).write_pdf()
