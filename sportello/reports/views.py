"""The statistics page, its exports, the open-data file and the council's PDF. Thin: scope, filter, call, render."""

from __future__ import annotations


from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.cases.models import Department
from sportello.core.audit import audit
from sportello.core.security import csv_writer
from sportello.municipalities.models import ChannelAccount
from sportello.reports import exports, opendata, pdf
from sportello.reports.access import scope_for
from sportello.reports.dashboard import build
from sportello.reports.filters import ReportFilter, parse


def _filter(request: HttpRequest) -> ReportFilter:
    scope = scope_for(request.user, request.GET.get("comune") or None)
    return parse(scope, request.GET, timezone.localdate())


def _departments(f: ReportFilter):  # type: ignore[no-untyped-def]
    qs = Department.objects.filter(municipality=f.municipality).order_by("name")
    if f.scope.departments is not None:
        qs = qs.filter(pk__in=f.scope.departments)
    return qs


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    context = build(f)
    channels = ChannelAccount.objects.filter(municipality=f.municipality).values_list("channel", flat=True).distinct()
    context.update({
        "filter": f, "department_choices": _departments(f), "query": request.GET.urlencode(),
        "channels": sorted({(c, dict(ChannelAccount.Channel.choices).get(c, c)) for c in channels}),
        "this_year": timezone.localdate().year, "this_month": timezone.localdate().strftime("%Y-%m"),
    })
    return render(request, "reports/dashboard.html", context)


def _audited(request: HttpRequest, f: ReportFilter, what: str, fmt: str) -> None:
    audit("reports.exported", actor=request.user, municipality=f.municipality, export=what, format=fmt,
          start=f.start.isoformat(), end=f.end.isoformat(), channel=f.channel or "", department=f.department)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in exports.KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    f = _filter(request)
    from sportello.reports import rollup

    rollup.refresh(f.municipality)
    table = exports.table(kind, f)
    _audited(request, f, kind, fmt)
    name = f"{f.municipality.slug}-{kind}-{f.start}-{f.end}.{fmt}"
    if fmt == "csv":
        return _download(exports.to_csv(table), "text/csv; charset=utf-8", name)
    return _download(exports.to_xlsx(table),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)


@login_required
def open_data(request: HttpRequest) -> HttpResponse:
    import io

    f = _filter(request)
    from sportello.reports import rollup

    rollup.refresh(f.municipality)
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(opendata.header())
    writer.writerows(opendata.rows(f))
    _audited(request, f, "open_data", "csv")
    return _download(stream.getvalue().encode(), "text/csv; charset=utf-8",
                     f"{f.municipality.slug}-open-data-{f.start}-{f.end}.csv")


@login_required
def council_report(request: HttpRequest) -> HttpResponse:
    base = _filter(request)
    raw_month = request.GET.get("mese", "")
    try:
        if raw_month:
            year, month = (int(x) for x in raw_month.split("-"))
            start, end = pdf.period("month", year, month)
        else:
            start, end = pdf.period("year", int(request.GET.get("anno") or timezone.localdate().year), None)
    except ValueError as error:
        raise Http404 from error
    f = ReportFilter(base.scope, start, end, base.channel, base.department)
    title = (_("Monthly report %(period)s") % {"period": raw_month} if raw_month
             else _("Yearly report %(period)s") % {"period": start.year})
    body = pdf.render(f, title)
    _audited(request, f, "council_report", "pdf")
    return _download(body, "application/pdf", f"{f.municipality.slug}-{start}-{end}.pdf")


