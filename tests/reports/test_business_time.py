"""Office time between two moments on the municipality's calendar (the one due dates use)."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from sportello.cases.calendar import BusinessCalendar
from sportello.reports.business_time import business_seconds
from tests.reports.conftest import at

ROME = ZoneInfo("Europe/Rome")
MORNINGS = BusinessCalendar(ROME)  # Mon–Fri 9–13, Italian national holidays


def test_night_weekend_and_holiday_do_not_count():
    assert business_seconds(MORNINGS, at("2025-03-03 08:00"), at("2025-03-03 09:30")) == 30 * 60
    assert business_seconds(MORNINGS, at("2025-03-07 12:30"), at("2025-03-10 09:15")) == 45 * 60
    # Friday 25 April 2025 is Liberation Day: Thursday 12:00 → Monday 9:30 is one hour and a half.
    assert business_seconds(MORNINGS, at("2025-04-24 12:00"), at("2025-04-28 09:30")) == 90 * 60
    assert business_seconds(MORNINGS, at("2025-03-03 14:00"), at("2025-03-03 18:00")) == 0
    assert business_seconds(MORNINGS, at("2025-03-03 10:00"), at("2025-03-03 09:00")) == 0


def test_split_days_and_calendar_time_without_hours():
    afternoons = BusinessCalendar(ROME, hours={1: [(time(9), time(13)), (time(15, 30), time(17, 30))]})
    assert business_seconds(afternoons, at("2025-03-04 12:00"), at("2025-03-04 16:00")) == 90 * 60
    never = BusinessCalendar(ROME, hours={})
    assert business_seconds(never, at("2025-03-04 12:00"), at("2025-03-04 16:00")) == 4 * 3600
