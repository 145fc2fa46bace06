"""The filters every statistic takes: period (local dates, both ends included), channel, department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from sportello.municipalities.models import ChannelAccount
from sportello.reports.access import ReportScope

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class ReportFilter:
    scope: ReportScope
    start: date
    end: date  # included
    channel: str | None = None
    department: int | None = None

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.scope.municipality

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.municipality.timezone or "Europe/Rome")

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), self.tz)

    @property
    def until(self) -> datetime:  # excluded
        return datetime.combine(self.end + timedelta(days=1), time(), self.tz)

    def departments(self) -> set[int] | None:
        """The departments the figures are restricted to (None: all, including conversations without one)."""
        if self.department is not None:
            if self.scope.departments is not None and self.department not in self.scope.departments:
                raise PermissionDenied
            return {self.department}
        return set(self.scope.departments) if self.scope.departments is not None else None

    def q(self, prefix: str = "", *, day_field: str = "day", channel_field: str = "channel") -> Q:
        """Period, channel and department conditions on a fact table (`prefix` reaches it through a relation)."""
        q = Q(**{f"{prefix}municipality": self.municipality, f"{prefix}{day_field}__gte": self.start,
                 f"{prefix}{day_field}__lte": self.end})
        if self.channel:
            q &= Q(**{f"{prefix}{channel_field}": self.channel})
        departments = self.departments()
        if departments is not None:
            q &= Q(**{f"{prefix}department_id__in": departments})
        return q


def _date(raw: Any, fallback: date) -> date:
    if not raw:
        return fallback
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        return fallback


def parse(scope: ReportScope, params: Any, today: date) -> ReportFilter:
    """From query parameters `from`, `to`, `channel`, `department`; bad values fall back to the defaults."""
    end = _date(params.get("to"), today)
    start = _date(params.get("from"), end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        start, end = end, start
    channel = params.get("channel") or None
    if channel not in ChannelAccount.Channel.values:
        channel = None
    department: int | None = None
    raw_department = str(params.get("department") or "")
    if raw_department.isdigit():
        department = int(raw_department)
    elif raw_department:  # a department code, as the satisfaction endpoint takes it; unknown → nothing matches
        from sportello.cases.models import Department

        found = Department.objects.filter(municipality=scope.municipality, code=raw_department).values_list("pk", flat=True)
        department = found.first() or 0
    return ReportFilter(scope, start, end, channel, department)
