"""What the opening-hours settings mean, computed with the pipeline's own calendar (`policies.hours`): whether the
office is open now, when it reopens, and every closed day of the next twelve months with its reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone, translation

from sportello.policies import services
from sportello.policies.hours import ClosurePeriod, Schedule, describe_week, format_reopening

DAYS_AHEAD = 365


@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class HoursPreview:
    always_open: bool  # no weekly hours: the pipeline never answers "closed"
    open_now: bool
    reopens: str  # «martedì 9 dicembre alle 9:00», empty when open or unknown
    week: list[str]
    closed_days: list[ClosedDay]
    closed_reply: str  # the out-of-hours reply a citizen would get now ("" when it is Sportello's default)


def schedule_from_data(policy: Mapping[str, Any], intervals: Iterable[Mapping[str, Any]],
                       closures: Iterable[Mapping[str, Any]]) -> Schedule:
    """A Schedule from the forms' cleaned data (what the page would save), as `services.schedule_for` builds one."""
    by_day: dict[int, list[tuple[Any, Any]]] = {}
    for row in intervals:
        if row and not row.get("DELETE") and row.get("opens") is not None and row.get("closes") is not None:
            by_day.setdefault(int(row["weekday"]), []).append((row["opens"], row["closes"]))
    periods = tuple(
        ClosurePeriod(row["name"], row["starts"], row["ends"], bool(row.get("every_year")), row.get("reply_text", ""))
        for row in closures if row and not row.get("DELETE") and row.get("starts") and row.get("ends")
    )
    month, day = policy.get("patron_month"), policy.get("patron_day")
    return Schedule(
        intervals={k: tuple(sorted(v)) for k, v in by_day.items()},
        national_holidays=bool(policy.get("observe_national_holidays")),
        subdivision=(policy.get("holidays_subdivision") or "").strip().upper(),
        patron=(int(month), int(day)) if month and day else None,
        patron_name=policy.get("patron_saint") or "",
        closures=tuple(sorted(periods, key=lambda p: p.starts)),
    )


def closed_days(schedule: Schedule, start: date, days: int = DAYS_AHEAD) -> list[ClosedDay]:
    """Whole days closed for a holiday, the patron or a closure (not the weekly days off), from `start`."""
    found = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        reason = schedule.closed_reason(day, translation.get_language() or "it")  # names in the reader's language
        if reason is not None:
            found.append(ClosedDay(day, reason[0]))
    return found


def build(municipality: Any, schedule: Schedule, closed_reply_text: str, reply_enabled: bool,
          now: datetime | None = None) -> HoursPreview:
    local = services.local_time(municipality, now or timezone.now())
    always_open = not schedule.intervals
    open_now = always_open or schedule.is_open(local)
    reopening = None if open_now else schedule.next_opening(local)
    reopens = format_reopening(reopening, local) if reopening else ""
    closure = None if open_now else schedule.closure_at(local)
    template = (closure.reply_text if closure else "") or closed_reply_text
    reply = services.render(template, municipality, riapertura=reopens) if template and reply_enabled else ""
    return HoursPreview(always_open, open_now, reopens, describe_week(schedule), closed_days(schedule, local.date()),
                        reply)
