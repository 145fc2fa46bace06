"""Office hours, holidays, closures and the reopening sentence (pure Python, no database)."""

from __future__ import annotations

from datetime import date, datetime, time

from sportello.policies.hours import ClosurePeriod, Schedule, format_reopening, italian_holidays

CAGLIARI = Schedule(
    intervals={
        0: ((time(9), time(12)), (time(15, 30), time(17, 30))),
        1: ((time(9), time(12)),), 2: ((time(9), time(12)),),
        3: ((time(9), time(12)), (time(15, 30), time(17, 30))), 4: ((time(9), time(12)),),
    },
    subdivision="CA",
)


def test_open_and_closed_within_a_day():
    assert CAGLIARI.is_open(datetime(2025, 11, 24, 9, 0))  # opening minute
    assert not CAGLIARI.is_open(datetime(2025, 11, 24, 12, 0))  # closing minute is closed
    assert not CAGLIARI.is_open(datetime(2025, 11, 24, 12, 5))
    assert CAGLIARI.is_open(datetime(2025, 11, 24, 16, 0))  # Monday afternoon
    assert not CAGLIARI.is_open(datetime(2025, 11, 25, 16, 0))  # Tuesday afternoon
    assert not CAGLIARI.is_open(datetime(2025, 11, 29, 10, 0))  # Saturday


def test_next_opening_and_sentence():
    moment = datetime(2025, 12, 8, 10, 0)  # Immacolata, a Monday
    reopens = CAGLIARI.next_opening(moment)
    assert reopens == datetime(2025, 12, 9, 9, 0)
    assert format_reopening(reopens, moment) == "martedì 9 dicembre alle 9:00"
    lunch = datetime(2025, 11, 27, 12, 5)  # Thursday
    assert format_reopening(CAGLIARI.next_opening(lunch), lunch) == "oggi alle 15:30"
    friday_evening = datetime(2025, 12, 19, 18, 0)
    assert format_reopening(CAGLIARI.next_opening(friday_evening), friday_evening) == "lunedì 22 dicembre alle 9:00"
    new_year = datetime(2025, 12, 31, 13, 0)  # 1 January closed: Friday 2 January
    assert format_reopening(CAGLIARI.next_opening(new_year), new_year) == "venerdì 2 gennaio 2026 alle 9:00"


def test_holidays_patron_and_4_october():
    assert CAGLIARI.closed_reason(date(2025, 10, 30))  # San Saturnino through the CA subdivision
    assert Schedule(subdivision="").closed_reason(date(2025, 10, 30)) is None
    assert date(2026, 10, 4) in italian_holidays(2026)  # national again from 2026
    assert date(2025, 10, 4) not in italian_holidays(2025)
    assert italian_holidays(2026, "ZZ")  # an unknown province falls back to national holidays
    patron = Schedule(intervals=CAGLIARI.intervals, patron=(11, 11), patron_name="San Martino")
    assert patron.closed_reason(date(2025, 11, 11)) == ("San Martino", None)
    no_holidays = Schedule(intervals=CAGLIARI.intervals, national_holidays=False)
    assert no_holidays.is_open(datetime(2025, 12, 8, 10, 0))


def test_closures_once_yearly_and_across_new_year():
    august = ClosurePeriod("agosto", date(2000, 8, 1), date(2000, 8, 31), every_year=True)
    livorno = Schedule(intervals=CAGLIARI.intervals, closures=(august,))
    moment = datetime(2026, 8, 12, 10, 0)
    assert not livorno.is_open(moment)
    assert livorno.closure_at(moment) is august
    assert livorno.next_opening(moment) == datetime(2026, 9, 1, 9, 0)
    winter = ClosurePeriod("feste", date(2000, 12, 23), date(2001, 1, 6), every_year=True)
    assert winter.covers(date(2026, 12, 30)) and winter.covers(date(2027, 1, 5)) and not winter.covers(date(2027, 1, 7))
    once = ClosurePeriod("trasloco", date(2026, 3, 2), date(2026, 3, 4))
    assert once.covers(date(2026, 3, 3)) and not once.covers(date(2027, 3, 3))


def test_no_opening_within_a_year():
    closed = Schedule(intervals={}, national_holidays=False)
    assert closed.next_opening(datetime(2026, 1, 1)) is None
