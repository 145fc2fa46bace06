"""REST API: close or reopen a conversation, and the satisfaction report (aggregates only, never an identity).

Mounted in sportello/api/v1.py. Paths are absolute here so the router can sit beside the reports app's own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from sportello.api import serializers
from sportello.api.schemas import ConversationOut
from sportello.cases.access import departments_for
from sportello.cases.models import Department
from sportello.console import services as console_services
from sportello.conversations.models import Conversation
from sportello.core.scoping import tenant_scope
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality
from sportello.municipalities.scoping import municipalities_for
from sportello.survey.stats import satisfaction

router = Router(tags=["survey"])

# The API speaks of actions or of states; both name the same two states.
_STATES = {"close": Conversation.State.CLOSED, "closed": Conversation.State.CLOSED,
           "reopen": Conversation.State.OPEN, "open": Conversation.State.OPEN}


class StateIn(Schema):
    state: Literal["open", "closed", "close", "reopen"]


class FacesOut(Schema):
    positive: int
    neutral: int
    negative: int


class AspectOut(Schema):
    count: int
    mean: float | None
    faces: FacesOut


class SatisfactionOut(Schema):
    municipality: str
    start: date | None
    end: date | None
    channel: str | None
    department: str | None
    responses: int
    invitations: int
    response_rate: float
    overall: AspectOut
    waiting_time: AspectOut
    competence: AspectOut
    courtesy: AspectOut


@router.post("/conversations/{conversation_id}/state", response=ConversationOut)
def change_state(request: HttpRequest, conversation_id: int, data: StateIn) -> Any:
    """Close a conversation (the citizen may then get the satisfaction survey) or reopen it."""
    conversation = get_object_or_404(
        Conversation.objects.filter(municipality__in=municipalities_for(request.user)).select_related(
            "municipality", "account", "citizen", "assigned_to"
        ),
        pk=conversation_id,
    )
    try:
        console_services.set_state(conversation, _STATES[data.state], request.user)
    except ValidationError as error:
        raise HttpError(400, "; ".join(error.messages)) from error
    return serializers.conversation_out(conversation)


def _municipality(request: HttpRequest, slug: str | None) -> Municipality:
    towns = municipalities_for(request.user)
    if slug:
        return get_object_or_404(towns, slug=slug)
    found = list(towns[:2])
    if len(found) != 1:
        raise HttpError(400, "municipality is required (slug) for staff of several municipalities")
    return found[0]


def _department(request: HttpRequest, municipality: Municipality, code: str | None) -> Department | None:
    """Supervisors see every department; other staff only a department of theirs (their only one by default)."""
    if roles.has_role(request.user, municipality, "supervisor"):
        return get_object_or_404(Department, municipality=municipality, code=code) if code else None
    own = departments_for(request.user).filter(municipality=municipality)
    if code:
        return get_object_or_404(own, code=code)
    mine = list(own[:2])
    if len(mine) != 1:
        raise HttpError(403, "department is required: staff without the supervisor role see their department only")
    return mine[0]


@router.get("/reports/satisfaction", response=SatisfactionOut)
def satisfaction_report(
    request: HttpRequest,
    start: date | None = Query(None, alias="from", description="first day (inclusive), YYYY-MM-DD"),
    end: date | None = Query(None, alias="to", description="last day (inclusive), YYYY-MM-DD"),
    channel: str | None = None,
    department: str | None = Query(None, description="department code"),
    municipality: str | None = Query(None, description="municipality slug (staff of several towns)"),
) -> Any:
    """Satisfaction survey per aspect (overall, waiting time, competence, courtesy): counts, means on the 1–5
    scale and the three faces (1–2 negative, 3 neutral, 4–5 positive). Days are the municipality's own."""
    town = _municipality(request, municipality)
    with tenant_scope(town):
        dept = _department(request, town, department)
        zone = ZoneInfo(town.timezone)
        figures = satisfaction(
            town,
            start=datetime.combine(start, time.min, zone) if start else None,
            end=datetime.combine(end + timedelta(days=1), time.min, zone) if end else None,
            channel=channel or None,
            department=dept,
        )
    return {"municipality": town.slug, "start": start, "end": end, "channel": channel or None,
            "department": dept.code if dept else None, **figures}
