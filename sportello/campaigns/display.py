"""Words for what the campaign pages show: a weekly rule, a duration."""

from __future__ import annotations

from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def recurrence_text(rule: dict[str, Any]) -> str:
    """{"weekdays": [0, 3], "time": "10:00"} → "Every Monday and Thursday at 10:00"."""
    if not rule:
        return ""
    days = [str(WEEKDAYS[int(d)]) for d in sorted({int(d) for d in rule.get("weekdays", [])})]
    if (get_language() or "").startswith("it"):
        days = [d.lower() for d in days]  # Italian writes weekdays in lower case: "ogni lunedì"
    return _("Every %(days)s at %(time)s") % {"days": get_text_list(days, _("and")), "time": rule.get("time", "")}


def duration_text(seconds: float) -> str:
    if seconds < 60:
        return _("less than a minute")
    minutes = round(seconds / 60)
    if minutes < 60:
        return ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
    hours = round(seconds / 3600, 1)
    return _("about %(n)s hours") % {"n": f"{hours:g}"}
