"""The opening-hours page: several intervals a day, validation, closures in the twelve-month preview, audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sportello.configuration import preview
from sportello.core.models import AuditEntry
from sportello.policies.models import Closure, OpeningInterval, ServicePolicy
from sportello.policies.services import schedule_for

URL = "/impostazioni/orari/"


def management(prefix: str, total: int, initial: int = 0) -> dict[str, Any]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def post_data(intervals: list[tuple[int, str, str]], closures: list[dict[str, str]] = (), **policy: str) -> dict:
    data: dict[str, Any] = {"observe_national_holidays": "on", "closed_reply_enabled": "on",
                            "holidays_subdivision": "", "patron_saint": "", "patron_month": "", "patron_day": "",
                            "closed_reply_text": "", **policy}
    data.update(management("interval", len(intervals)))
    for n, (weekday, opens, closes) in enumerate(intervals):
        data.update({f"interval-{n}-weekday": str(weekday), f"interval-{n}-opens": opens,
                     f"interval-{n}-closes": closes})
    data.update(management("closure", len(closures)))
    for n, closure in enumerate(closures):
        data.update({f"closure-{n}-{k}": v for k, v in closure.items()})
    return data


@pytest.mark.django_db
def test_two_intervals_a_day_are_saved_and_audited(office):
    client = office.client()
    response = client.post(URL + "?comune=borgo", post_data(
        [(0, "09:00", "12:30"), (0, "15:00", "17:00"), (2, "09:00", "12:00")],
        [{"name": "Chiusura estiva", "starts": "2027-08-09", "ends": "2027-08-20"}],
        patron_saint="San Rocco", patron_month="8", patron_day="16", holidays_subdivision="rn",
    ))
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = ServicePolicy.objects.get(municipality=office.town)
    assert [(i.weekday, f"{i.opens:%H:%M}", f"{i.closes:%H:%M}") for i in OpeningInterval.objects.filter(policy=policy)] == [
        (0, "09:00", "12:30"), (0, "15:00", "17:00"), (2, "09:00", "12:00")]
    assert Closure.objects.get(policy=policy).name == "Chiusura estiva"
    assert policy.holidays_subdivision == "RN" and (policy.patron_month, policy.patron_day) == (8, 16)
    entry = AuditEntry.objects.get(action="settings.hours_changed")
    assert entry.actor == office.supervisor and entry.municipality == office.town
    assert entry.data["week"] == ["lunedì: 9:00–12:30, 15:00–17:00", "mercoledì: 9:00–12:00"]
    assert entry.data["closures"] == ["Chiusura estiva: 2027-08-09–2027-08-20"]


@pytest.mark.django_db
@pytest.mark.parametrize(("intervals", "closures", "extra", "error"), [
    ([(0, "09:00", "12:30"), (0, "12:00", "17:00")], [], {}, "si sovrappongono"),
    ([(1, "12:00", "09:00")], [], {}, "deve chiudere dopo"),
    ([], [{"name": "Trasloco", "starts": "2027-03-10", "ends": "2027-03-01"}], {}, "non può finire prima"),
    ([], [], {"patron_month": "8"}, "sia il giorno sia il mese"),
    ([], [], {"patron_month": "2", "patron_day": "30"}, "non ha il giorno 30"),
    ([], [], {"holidays_subdivision": "ZZ"}, "non è la sigla"),
])
def test_invalid_hours_are_refused_and_nothing_changes(office, intervals, closures, extra, error):
    response = office.client().post(URL, post_data(intervals, closures, **extra))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not OpeningInterval.objects.exists() and not Closure.objects.exists()
    assert not AuditEntry.objects.filter(action="settings.hours_changed").exists()


@pytest.mark.django_db
def test_preview_without_saving_shows_the_closure_and_saves_nothing(office):
    response = office.client().post(URL, {**post_data(
        [(d, "00:00", "23:59") for d in range(7)],
        [{"name": "Inventario", "starts": "2027-02-01", "ends": "2027-02-02"}],
    ), "preview": "1"})
    body = response.content.decode()
    assert response.status_code == 200 and "Anteprima (non salvata)" in body
    assert "Inventario" in body and "1 febbraio 2027" in body
    assert not Closure.objects.exists()


def test_closed_days_use_the_pipeline_calendar():
    schedule = preview.schedule_from_data(
        {"observe_national_holidays": True, "holidays_subdivision": "", "patron_month": 10, "patron_day": 30,
         "patron_saint": "San Saturnino"},
        [{"weekday": 0, "opens": datetime(2026, 1, 1, 9).time(), "closes": datetime(2026, 1, 1, 12).time()}],
        [{"name": "Natale in Comune", "starts": date(2026, 12, 24), "ends": date(2027, 1, 2), "every_year": True}],
    )
    days = {d.day: d.reason for d in preview.closed_days(schedule, date(2026, 12, 1))}
    assert days[date(2026, 12, 8)] == "Immacolata Concezione"
    assert days[date(2026, 12, 25)] == "Natale in Comune"  # the closure wins over the holiday
    assert days[date(2027, 10, 30)] == "San Saturnino"
    assert date(2026, 12, 7) not in days  # a weekly day off is not a "closed day"
    assert len([d for d in days if date(2027, 12, 24) <= d]) == 0  # twelve months only


@pytest.mark.django_db
def test_open_now_and_reply_preview(office):
    policy = ServicePolicy.objects.create(municipality=office.town, closed_reply_text="Siamo chiusi, riapriamo {riapertura}.")
    OpeningInterval.objects.create(policy=policy, weekday=0, opens="09:00", closes="12:00")
    monday_evening = datetime(2026, 12, 14, 19, 0, tzinfo=ZoneInfo("Europe/Rome"))
    shown = preview.build(office.town, schedule_for(policy), policy.closed_reply_text, True, now=monday_evening)
    assert not shown.open_now and shown.reopens == "lunedì 21 dicembre alle 9:00"
    assert shown.closed_reply == "Siamo chiusi, riapriamo lunedì 21 dicembre alle 9:00."
    monday_morning = datetime(2026, 12, 14, 10, 0, tzinfo=ZoneInfo("Europe/Rome"))
    assert preview.build(office.town, schedule_for(policy), "", True, now=monday_morning).open_now
