"""Elapsed office time between two moments, on the calendar that also sets case due dates and office hours
(`cases.calendar.calendar_for`: the case calendar, else the published office hours, else Mon–Fri 9–13)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sportello.cases.calendar import BusinessCalendar

MAX_DAYS = 3700  # ten years: longer spans are data errors, not waits worth counting day by day


def business_seconds(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Seconds of opening hours in [start, end); a message at night starts counting when the office opens."""
    if end <= start:
        return 0
    if not any(calendar.hours.get(d) for d in range(7)):
        return int((end - start).total_seconds())  # no office hours configured: calendar time
    local_start, local_end = start.astimezone(calendar.timezone), end.astimezone(calendar.timezone)
    day, total = local_start.date(), 0.0
    for _ in range(MAX_DAYS):
        if day > local_end.date():
            break
        for opens, closes in calendar.slots(day):
            overlap = min(closes, local_end) - max(opens, local_start)
            if overlap > timedelta(0):
                total += overlap.total_seconds()
        day += timedelta(days=1)
    return int(total)
