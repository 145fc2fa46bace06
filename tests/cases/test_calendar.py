"""Due dates in office hours: nights, weekends and holidays do not count."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sportello.cases.calendar import BusinessCalendar, add_business_hours
from sportello.cases.models import OfficeCalendar

ROME = ZoneInfo("Europe/Rome")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)


def test_default_week_is_monday_to_friday_nine_to_one():
    cal = BusinessCalendar(ROME)
    # Thursday 5 March 2026, 11:00 + 4 office hours -> Friday 11:00
    assert cal.add_business_hours(at(2026, 3, 5, 11), 4) == at(2026, 3, 6, 11)
    # Friday 12:00 + 2h -> Monday 10:00 (weekend skipped)
    assert cal.add_business_hours(at(2026, 3, 6, 12), 2) == at(2026, 3, 9, 10)
    # A request at night starts counting at 9
    assert cal.add_business_hours(at(2026, 3, 9, 22), 1) == at(2026, 3, 10, 10)
    # Exactly at closing time: the target is reached at closing, not the next morning
    assert cal.add_business_hours(at(2026, 3, 10, 9), 4) == at(2026, 3, 10, 13)


def test_national_holidays_are_skipped():
    cal = BusinessCalendar(ROME)
    # Friday 24 April 2026 12:00 + 2h: Saturday 25 April (Liberazione), Sunday, -> Monday 27 at 10:00
    assert cal.add_business_hours(at(2026, 4, 24, 12), 2) == at(2026, 4, 27, 10)
    # 4 October is national again from 2026 (a Sunday in 2026; 2027: Monday)
    assert cal.is_holiday(at(2027, 10, 4).date())


def test_province_patron_and_extra_holidays(db, number):
    municipality = number.account.municipality
    OfficeCalendar.objects.create(municipality=municipality, province="CA", extra_holidays=["03-10"],
                                  hours={"0": [["09:00", "13:00"], ["15:30", "17:30"]], "1": [["09:00", "12:00"]]})
    # Monday 9 March 2026 12:00 + 3h: 1h to 13, 2h afternoon 15:30-17:30 -> 17:30 Monday
    assert add_business_hours(municipality, at(2026, 3, 9, 12), 3) == at(2026, 3, 9, 17, 30)
    # Tuesday 10 March is the configured local holiday; next open day is Monday 16
    assert add_business_hours(municipality, at(2026, 3, 9, 17), 1) == at(2026, 3, 16, 9, 30)
    # 30 October: San Saturnino, Cagliari's patron (province CA)
    from sportello.cases.calendar import calendar_for

    assert calendar_for(municipality).is_holiday(at(2026, 10, 30).date())


@pytest.mark.parametrize("hours", [0, 0.5, 40])
def test_never_before_start(hours):
    start = at(2026, 3, 5, 10)
    assert BusinessCalendar(ROME).add_business_hours(start, hours) >= start


def test_policies_office_hours_are_used_when_configured(db, number):
    """The URP's published hours (policies app): Cagliari's 9–12 and Monday/Thursday 15:30–17:30."""
    from datetime import time

    from sportello.policies.models import Closure, OpeningInterval, ServicePolicy

    municipality = number.account.municipality
    policy = ServicePolicy.objects.create(municipality=municipality)
    for day in range(5):
        OpeningInterval.objects.create(policy=policy, weekday=day, opens=time(9), closes=time(12))
    for day in (0, 3):
        OpeningInterval.objects.create(policy=policy, weekday=day, opens=time(15, 30), closes=time(17, 30))
    # Monday 9 March 2026 11:00 + 2h: 1h to 12:00, 1h from 15:30 -> 16:30
    assert add_business_hours(municipality, at(2026, 3, 9, 11), 2) == at(2026, 3, 9, 16, 30)
    Closure.objects.create(policy=policy, name="Inventario", starts=at(2026, 3, 10).date(), ends=at(2026, 3, 10).date())
    # Monday 17:00 + 1h: 30 min to 17:30, Tuesday closed, Wednesday 9:30
    assert add_business_hours(municipality, at(2026, 3, 9, 17), 1) == at(2026, 3, 11, 9, 30)
    # The cases app's own calendar, when set, wins
    OfficeCalendar.objects.create(municipality=municipality)
    assert add_business_hours(municipality, at(2026, 3, 9, 11), 2) == at(2026, 3, 9, 13)  # Mon–Fri 9–13
