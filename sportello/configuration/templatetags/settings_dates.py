"""Dates as Italians write them («lunedì 1 febbraio 2027», lower case), with the words the pipeline's calendar
uses; other languages get Django's own long format."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

from sportello.policies.hours import MONTHS, WEEKDAYS

register = template.Library()


@register.filter
def long_date(value: date | datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    if (get_language() or "it").startswith("it"):
        text = f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"
        if with_time and isinstance(value, datetime):
            text += f", {value.hour}:{value.minute:02d}"
        return text
    return dateformat.format(value, "l j F Y, H:i" if with_time and isinstance(value, datetime) else "l j F Y")
