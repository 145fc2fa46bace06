"""Satisfaction figures per aspect, for the API, the statistics page and the council's PDF (shared contract).

Counts only, never who answered: each aspect counts the responses that answered it (partial answers count for the
aspects they cover). One aggregate query per call, grouped in the database, so the cost does not grow in Python.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from sportello.survey.models import SurveyInvitation, SurveyResponse
from sportello.survey.scale import ASPECTS

# Faces by score range (scale.face): one conditional count per face and aspect, all in the same query.
_FACE_RANGES = {"positive": (4, 5), "neutral": (3, 3), "negative": (1, 2)}


def _filtered(qs: QuerySet[Any], *, date_field: str, start: datetime | None, end: datetime | None,
              channel: str | None, department: Any) -> QuerySet[Any]:
    if start is not None:
        qs = qs.filter(**{f"{date_field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{date_field}__lt": end})
    if channel:
        qs = qs.filter(channel=channel)
    if department is not None:
        qs = qs.filter(department=department)
    return qs


def satisfaction(municipality: Any, *, start: datetime | None = None, end: datetime | None = None,
                 channel: str | None = None, department: Any = None) -> dict[str, Any]:
    """Responses created in [start, end) (invitations sent in the same period), optionally one channel/department."""
    responses = _filtered(
        SurveyResponse.objects.filter(municipality=municipality), date_field="created_at",
        start=start, end=end, channel=channel, department=department,
    )
    aggregates: dict[str, Any] = {"responses": Count("id")}
    for aspect in ASPECTS:
        aggregates[f"{aspect}__count"] = Count(aspect)
        aggregates[f"{aspect}__mean"] = Avg(aspect)
        for name, (low, high) in _FACE_RANGES.items():
            aggregates[f"{aspect}__{name}"] = Count("id", filter=Q(**{f"{aspect}__gte": low, f"{aspect}__lte": high}))
    row = responses.aggregate(**aggregates)
    invitations = _filtered(
        SurveyInvitation.objects.filter(municipality=municipality).exclude(state=SurveyInvitation.State.FAILED),
        date_field="sent_at", start=start, end=end, channel=channel, department=department,
    ).count()
    result: dict[str, Any] = {
        "responses": row["responses"],
        "invitations": invitations,
        "response_rate": round(row["responses"] / invitations, 4) if invitations else 0.0,
    }
    for aspect in ASPECTS:
        mean = row[f"{aspect}__mean"]
        result[aspect] = {
            "count": row[f"{aspect}__count"],
            "mean": round(float(mean), 2) if mean is not None else None,
            "faces": {name: row[f"{aspect}__{name}"] for name in _FACE_RANGES},
        }
    return result
