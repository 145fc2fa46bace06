"""Business hours for due dates: a case's target is counted in office hours, skipping nights, weekends, holidays.

Isolated on purpose: `calendar_for` is the one function that decides where office hours come from
(everything else calls `add_business_hours`), in this order:
  1. the municipality's `OfficeCalendar` in this app, when an administrator set one for cases;
  2. the office hours of `sportello.policies` (`ServicePolicy` with its opening intervals, closures, patron and
     holidays: `policies.services.schedule_for`), so the URP's published hours count;
  3. Monday–Friday 9–13 and Italy's national holidays (`holidays` package).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_HOURS: dict[int, list[tuple[time, time]]] = {d: [(time(9), time(13))] for d in range(5)}


@lru_cache(maxsize=64)
def _national(province: str, year: int) -> frozenset[date]:
    try:
        found = holidays.country_holidays("IT", subdiv=province or None, years=year)
    except NotImplementedError:  # an unknown province code: national holidays only
        found = holidays.country_holidays("IT", years=year)
    return frozenset(found)


@dataclass
class BusinessCalendar:
    timezone: ZoneInfo
    hours: dict[int, list[tuple[time, time]]] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    province: str = ""
    extra: tuple[str, ...] = ()  # "YYYY-MM-DD" or recurring "MM-DD"
    closed: Callable[[date], bool] | None = None  # another calendar's holidays and closures (policies)

    def is_holiday(self, day: date) -> bool:
        if self.closed is not None:
            return self.closed(day)
        return (
            day in _national(self.province, day.year)
            or day.isoformat() in self.extra
            or day.strftime("%m-%d") in self.extra
        )

    def slots(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_holiday(day):
            return []
        return [
            (datetime.combine(day, a, self.timezone), datetime.combine(day, b, self.timezone))
            for a, b in sorted(self.hours.get(day.weekday(), []))
        ]

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of office time after `start` (a request arriving at night starts counting at 9)."""
        remaining = timedelta(hours=hours)
        current = start.astimezone(self.timezone)
        day = current.date()
        if not any(self.hours.get(d) for d in range(7)):
            return start + remaining  # no office hours configured: count calendar time
        for _ in range(3700):  # ten years of days: a guard against a calendar with no open day
            for a, b in self.slots(day):
                begin = max(a, current)
                if begin >= b:
                    continue
                available = b - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)
        raise ValueError("no office hours in the next ten years")


def _parse_hours(raw: dict) -> dict[int, list[tuple[time, time]]]:
    out: dict[int, list[tuple[time, time]]] = {}
    for weekday, ranges in (raw or {}).items():
        out[int(weekday)] = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in ranges]
    return out


def calendar_for(municipality) -> BusinessCalendar:  # type: ignore[no-untyped-def]
    from sportello.cases.models import OfficeCalendar

    tz = ZoneInfo(municipality.timezone or "Europe/Rome")
    config = OfficeCalendar.objects.filter(municipality=municipality).first()
    if config is None:
        return _from_policies(municipality, tz) or BusinessCalendar(tz)
    return BusinessCalendar(
        tz,
        hours=_parse_hours(config.hours) or dict(DEFAULT_HOURS),
        province=config.province.upper(),
        extra=tuple(str(x) for x in config.extra_holidays or ()),
    )


def add_business_hours(municipality, start: datetime, hours: float) -> datetime:  # type: ignore[no-untyped-def]
    return calendar_for(municipality).add_business_hours(start, hours)


def _from_policies(municipality, tz: ZoneInfo) -> BusinessCalendar | None:  # type: ignore[no-untyped-def]
    try:
        from sportello.policies.services import policy_for, schedule_for
    except ImportError:  # pragma: no cover - policies app without office hours
        return None
    policy = policy_for(municipality)
    if policy is None:
        return None
    schedule = schedule_for(policy)
    if not any(schedule.intervals.values()):
        return None
    return BusinessCalendar(
        tz,
        hours={day: list(ranges) for day, ranges in schedule.intervals.items()},
        closed=lambda day: schedule.closed_reason(day) is not None,
    )
