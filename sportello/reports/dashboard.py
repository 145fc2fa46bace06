"""The statistics page's content, shared by the console page and the council's PDF: figures, charts, tables."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sportello.reports import charts, rollup, stats
from sportello.reports.filters import ReportFilter

ASPECTS = (("overall", "Overall"), ("waiting_time", "Waiting time"), ("competence", "Competence"), ("courtesy", "Courtesy"))


def duration(seconds: int | None) -> str:
    """Office time as people say it: «2 h 05 min», «45 min», «—» when nothing was measured."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(m)d min") % {"m": minutes}
    return _("%(h)d h %(m)02d min") % {"h": minutes // 60, "m": minutes % 60}


def weekdays() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def build(f: ReportFilter) -> dict[str, Any]:
    rollup.refresh(f.municipality)
    daily = stats.daily_messages(f)  # each read once, used by several sections
    opened = stats.conversation_days(f)
    activity = stats.activity(f, daily, opened)
    days = stats.per_day(f, daily, opened)
    grid = stats.heatmap(f, opened)
    day_labels = [date_format(d, "j/n") for d in days["days"]]
    operators = stats.per_operator(f)
    departments = stats.per_department(f, opened)
    categories, states = stats.case_categories(f), stats.case_states(f)
    whole_town = f.scope.departments is None  # lists, campaigns and moderation are the office's, not a department's
    context: dict[str, Any] = {
        "activity": activity,
        "first_response": duration(activity["totals"]["first_response_seconds"]),
        "resolution": duration(activity["totals"]["resolution_seconds"]),
        "waiting": stats.waiting_now(f),
        "sla": stats.sla(f),
        "days": [(label, [(days["conversations"][c][i], days["messages_in"][c][i]) for c, _ in days["channels"]])
                 for i, label in enumerate(day_labels)],
        "hours": range(24),
        "day_channels": [label for _, label in days["channels"]],
        "chart_days": charts.line_chart(
            _("Conversations per day and channel"), day_labels,
            {label: days["conversations"][c] for c, label in days["channels"]}),
        "chart_channels": charts.bar_chart(
            _("Conversations per channel"), [(c["label"], c["conversations"]) for c in activity["channels"]]),
        "heatmap": list(zip(weekdays(), grid)),
        "chart_heatmap": charts.heatmap(_("New conversations by weekday and hour"), weekdays(), grid),
        "operators": operators,
        "chart_operators": charts.bar_chart(
            _("Conversations per operator"), [(o["label"], o["conversations"]) for o in operators[:15]]),
        "departments": departments,
        "chart_departments": charts.bar_chart(
            _("Cases per department"), [(d["label"], d["cases"]) for d in departments]),
        "categories": categories,
        "chart_categories": charts.bar_chart(_("Cases per category"), categories[:15]),
        "states": states,
        "chart_states": charts.bar_chart(_("Cases per state"), states),
        "whole_town": whole_town,
    }
    for row in operators + departments:
        row["first_response"] = duration(row.get("first_response_seconds"))
        row["resolution"] = duration(row.get("resolution_seconds"))
    for row in activity["channels"]:
        row["first_response"] = duration(row["first_response_seconds"])
        row["resolution"] = duration(row["resolution_seconds"])
    context["sla"]["resolution"] = duration(context["sla"]["resolution_seconds"])
    if whole_town:
        context["redirects"] = stats.redirects(f)
        subscribers = stats.subscribers(f)
        point_labels = [date_format(p, "j/n/Y") for p in subscribers["points"]]
        context["subscribers"] = {"labels": point_labels, "series": subscribers["series"]}
        context["chart_subscribers"] = charts.line_chart(
            _("Subscribers per list"), point_labels, subscribers["series"]) if subscribers["series"] else ""
        context["campaigns"] = stats.campaigns(f)
        context["moderation"] = stats.moderation(f)
        context["chart_moderation"] = charts.bar_chart(_("Moderation actions"), context["moderation"])
    survey = stats.satisfaction(f)
    if survey is not None:
        rows = [(_(label), survey[key]) for key, label in ASPECTS]
        context["survey"] = survey
        context["survey_rows"] = rows
        context["survey_rate"] = round(100 * survey["response_rate"], 1)
        context["chart_survey"] = charts.bar_chart(
            _("Satisfaction per aspect (mean, 1–5)"), [(label, a["mean"] or 0) for label, a in rows])
    return context
