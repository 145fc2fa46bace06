"""`GET /api/v1/reports/activity`: per channel, conversations, messages and office-time response figures.
(`/reports/satisfaction` is the survey app's.)"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from sportello.reports import rollup, stats
from sportello.reports.access import scope_for, scopes_for
from sportello.reports.filters import parse

router = Router(tags=["reports"])


class ChannelActivity(Schema):
    channel: str
    label: str
    conversations: int
    messages_in: int
    messages_out: int
    answered: int
    first_response_seconds: int | None
    resolved: int
    resolution_seconds: int | None


class Totals(Schema):
    conversations: int
    messages_in: int
    messages_out: int
    first_response_seconds: int | None
    resolution_seconds: int | None


class ActivityOut(Schema):
    municipality: str
    from_: date = Field(alias="from")
    to: date
    channels: list[ChannelActivity]
    totals: Totals

    model_config = {"populate_by_name": True}


@router.get("/activity", response=ActivityOut, by_alias=True)
def activity(request: HttpRequest, municipality: str | None = None):
    """Times are seconds of office hours (the municipality's calendar); `from`/`to` are local dates, both included."""
    if municipality is None and len(scopes_for(request.user)) > 1:  # never a silent pick among several towns
        raise HttpError(400, "municipality is required (slug) for staff of several municipalities")
    try:
        scope = scope_for(request.user, municipality)
        f = parse(scope, request.GET, timezone.localdate())
        f.departments()
    except PermissionDenied as error:
        raise HttpError(403, "Non autorizzato.") from error
    rollup.refresh(f.municipality)
    data = stats.activity(f)
    return {"municipality": f.municipality.slug, "from_": f.start, "to": f.end,
            "channels": data["channels"], "totals": data["totals"]}
