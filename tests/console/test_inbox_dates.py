"""Dates in Italian style in the console: "6 dic 2026, 14:05", relative times in Italian."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation


def test_console_dates_read_the_italian_way():
    moment = datetime(2026, 12, 6, 14, 5, tzinfo=ZoneInfo("Europe/Rome"))
    template = Template('{{ t|date:"DATETIME_FORMAT" }}|{{ t|date:"DATE_FORMAT" }}|{{ t|date:"SHORT_DATE_FORMAT" }}'
                        '|{{ earlier|timesince:t }}')
    with translation.override("it"):
        rendered = template.render(Context({"t": moment, "earlier": moment - timedelta(hours=2, minutes=5)}))
    assert rendered == "6 dic 2026, 14:05|6 dic 2026|06/12/2026|2\xa0ore, 5\xa0minuti"
