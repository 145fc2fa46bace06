"""Office hours as pure Python: weekly intervals, holidays, closures, the next opening and how to say it.

`Schedule` knows nothing about Django; `schedule_for(policy)` (in services) builds one from the admin's rows.
All times are local to the municipality (naive `datetime` in its time zone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_lib

WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)
SEARCH_DAYS = 400  # a closure longer than a year means "no reopening date to announce"


# The holidays library's names for the languages Sportello speaks; Italian for anything else.
HOLIDAY_LANGUAGES = {"it": "it_IT", "en": "en_US"}
SAINT_FRANCIS = {"it_IT": "San Francesco d'Assisi, patrono d'Italia", "en_US": "Saint Francis of Assisi, Patron Saint of Italy"}


@lru_cache(maxsize=256)
def italian_holidays(year: int, subdivision: str = "", language: str = "it") -> dict[date, str]:
    """National holidays (and the provincial capital's patron, with a subdivision), names in Italian (or English)."""
    code = HOLIDAY_LANGUAGES.get(language[:2], "it_IT")
    try:
        calendar = holidays_lib.Italy(years=year, subdiv=subdivision or None, language=code)
    except NotImplementedError:  # an unknown province code: national holidays only
        calendar = holidays_lib.Italy(years=year, language=code)
    days = dict(calendar.items())
    # San Francesco d'Assisi (4 October) is a national holiday again from 2026 (older `holidays` releases lack it).
    if year >= 2026:
        days.setdefault(date(year, 10, 4), SAINT_FRANCIS[code])
    return days


@dataclass(frozen=True)
class ClosurePeriod:
    name: str
    starts: date
    ends: date
    every_year: bool = False
    reply_text: str = ""

    def covers(self, day: date) -> bool:
        if not self.every_year:
            return self.starts <= day <= self.ends
        key, start, end = (day.month, day.day), (self.starts.month, self.starts.day), (self.ends.month, self.ends.day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end  # across New Year (23 December – 6 January)


@dataclass(frozen=True)
class Schedule:
    # weekday (Monday = 0) -> sorted (opens, closes) intervals
    intervals: dict[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    national_holidays: bool = True
    subdivision: str = ""
    patron: tuple[int, int] | None = None  # (month, day)
    patron_name: str = ""
    closures: tuple[ClosurePeriod, ...] = ()

    def closed_reason(self, day: date, language: str = "it") -> tuple[str, ClosurePeriod | None] | None:
        """Why the whole day is closed (holiday, patron, closure), or None; holiday names in `language`."""
        for closure in self.closures:
            if closure.covers(day):
                return closure.name, closure
        if self.patron and (day.month, day.day) == self.patron:
            return (self.patron_name or "festa del santo patrono"), None
        if self.national_holidays:
            name = italian_holidays(day.year, self.subdivision, language).get(day)
            if name:
                return name, None
        return None

    def is_open(self, moment: datetime) -> bool:
        if self.closed_reason(moment.date()) is not None:
            return False
        now = moment.time()
        return any(opens <= now < closes for opens, closes in self.intervals.get(moment.weekday(), ()))

    def next_opening(self, moment: datetime) -> datetime | None:
        """The first opening strictly after `moment` (the start of an interval), None if none within a year."""
        for offset in range(SEARCH_DAYS):
            day = moment.date() + timedelta(days=offset)
            if self.closed_reason(day) is not None:
                continue
            for opens, _closes in self.intervals.get(day.weekday(), ()):
                start = datetime.combine(day, opens)
                if start > moment:
                    return start
        return None

    def closure_at(self, moment: datetime) -> ClosurePeriod | None:
        reason = self.closed_reason(moment.date())
        return reason[1] if reason else None


def format_time(moment: time | datetime) -> str:
    """9:00, 15:30 (no leading zero on the hour, as Italians write it)."""
    return f"{moment.hour}:{moment.minute:02d}"


def format_reopening(reopens: datetime, moment: datetime) -> str:
    """«martedì 9 dicembre alle 9:00»; «oggi alle 15:30» the same day; the year only when it differs."""
    if reopens.date() == moment.date():
        return f"oggi alle {format_time(reopens)}"
    text = f"{WEEKDAYS[reopens.weekday()]} {reopens.day} {MONTHS[reopens.month - 1]}"
    if reopens.year != moment.year:
        text += f" {reopens.year}"
    return f"{text} alle {format_time(reopens)}"


def describe_week(schedule: Schedule) -> list[str]:
    """«lunedì: 9:00–12:00, 15:30–17:30» lines, for the docs and the admin."""
    lines = []
    for weekday, name in enumerate(WEEKDAYS):
        spans = schedule.intervals.get(weekday, ())
        if spans:
            lines.append(f"{name}: " + ", ".join(f"{format_time(a)}–{format_time(b)}" for a, b in spans))
    return lines
