"""Exports of conversations, cases and survey responses as CSV or XLSX.

No identity leaves through them: a citizen is a pseudonymous number («C-123»), no message or case text is
exported (citizens' words carry their numbers and addresses), and a survey comment has anything that looks like
a phone number or e-mail address blanked. Every cell goes through the formula guard (`core.security.csv_cell`),
in the spreadsheet too. Each export is audited by the view that serves it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from sportello.cases.models import Case
from sportello.conversations.channel import kind_label
from sportello.conversations.models import Conversation
from sportello.core.security import csv_cell, csv_writer
from sportello.reports.filters import ReportFilter
from sportello.reports.models import CaseFact, ConversationFact

PHONE_OR_EMAIL = re.compile(r"(\+?\d[\d\s().\-/]{6,}\d)|([\w.+-]+@[\w-]+\.[\w.-]+)")
KINDS = ("conversations", "cases", "survey")


@dataclass
class Table:
    name: str
    header: list[str]
    rows: Iterable[list[Any]]


def scrub(text: str) -> str:
    return PHONE_OR_EMAIL.sub("[…]", text or "")


def _minutes(seconds: int | None) -> int | str:
    return round(seconds / 60) if seconds is not None else ""


def _local(moment: datetime | None, f: ReportFilter) -> str:
    return moment.astimezone(f.tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def conversations(f: ReportFilter) -> Table:
    states = dict(Conversation.State.choices)
    qs = ConversationFact.objects.filter(f.q()).order_by("opened_at").values_list(
        "conversation_id", "citizen_id", "channel", "state", "department__name", "operator__username",
        "opened_at", "inbound", "outbound", "first_response_seconds", "resolution_seconds",
    )

    def rows() -> Iterator[list[Any]]:
        for pk, citizen, channel, state, department, operator, opened, inbound, outbound, first, resolution in qs.iterator(2000):
            yield [pk, f"C-{citizen}", kind_label(channel), str(states.get(state, state)), department or "",
                   operator or "", _local(opened, f), inbound, outbound, _minutes(first), _minutes(resolution)]

    return Table("conversations", [
        _("Conversation"), _("Citizen (pseudonym)"), _("Channel"), _("State"), _("Department"), _("Operator"),
        _("Opened"), _("Messages received"), _("Messages sent"), _("First response (office minutes)"),
        _("Resolution (office minutes)"),
    ], rows())


def cases(f: ReportFilter) -> Table:
    states = dict(Case.State.choices)
    qs = CaseFact.objects.filter(f.q()).order_by("day", "case_id").values_list(
        "case__reference", "citizen_id", "channel", "department__name", "category__name", "state",
        "case__created_at", "case__resolved_at", "resolution_seconds", "within_target",
    )

    def rows() -> Iterator[list[Any]]:
        for ref, citizen, channel, department, category, state, created, resolved, seconds, on_time in qs.iterator(2000):
            yield [ref, f"C-{citizen}" if citizen else "", kind_label(channel) if channel else _("Other"), department,
                   category or "", str(states.get(state, state)), _local(created, f), _local(resolved, f),
                   _minutes(seconds), "" if on_time is None else (_("yes") if on_time else _("no"))]

    return Table("cases", [
        _("Reference"), _("Citizen (pseudonym)"), _("Channel"), _("Department"), _("Category"), _("State"),
        _("Opened"), _("Resolved"), _("Resolution (office minutes)"), _("Within target"),
    ], rows())


def survey(f: ReportFilter) -> Table:
    from sportello.survey.models import SurveyResponse

    qs = SurveyResponse.objects.filter(municipality=f.municipality, created_at__gte=f.since, created_at__lt=f.until)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    departments = f.departments()
    if departments is not None:
        qs = qs.filter(department_id__in=departments)
    values = qs.order_by("created_at", "pk").values_list(
        "pk", "created_at", "channel", "department__name", "operator__username", "overall", "waiting_time",
        "competence", "courtesy", "comment",
    )

    def rows() -> Iterator[list[Any]]:
        for pk, created, channel, department, operator, overall, waiting, competence, courtesy, comment in values.iterator(2000):
            yield [pk, _local(created, f), kind_label(channel), department or "", operator or "",
                   *("" if v is None else v for v in (overall, waiting, competence, courtesy)), scrub(comment)]

    return Table("survey", [
        _("Response"), _("Date"), _("Channel"), _("Department"), _("Operator"), _("Overall"), _("Waiting time"),
        _("Competence"), _("Courtesy"), _("Comment"),
    ], rows())


def table(kind: str, f: ReportFilter) -> Table:
    return {"conversations": conversations, "cases": cases, "survey": survey}[kind](f)


def to_csv(t: Table) -> bytes:
    stream = io.StringIO()
    writer = csv_writer(stream, delimiter=";")  # Italian spreadsheets expect semicolons
    writer.writerow(t.header)
    writer.writerows(t.rows)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def to_xlsx(t: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(t.name)
    sheet.append(t.header)
    for row in t.rows:
        sheet.append([csv_cell(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_csv(body: bytes) -> list[list[str]]:
    """For tests and the open-data check: the rows of one of our CSV files."""
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
