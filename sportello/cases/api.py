"""REST API v1 for cases (mounted at /api/v1/cases): list, detail, history, attachments, open, act.

Every query starts from `access.cases_for(request.user)`: a case outside it is a 404, as in the console.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from sportello.cases import quarantine, routing, services
from sportello.cases.access import cases_for, departments_for, sees_all_cases
from sportello.cases.models import Case, CaseAttachment, CaseEvent, Category, Department
from sportello.conversations.models import Conversation, Message
from sportello.core.audit import audit
from sportello.core.security import serve_attachment
from sportello.municipalities.scoping import municipalities_for
from sportello.core.audit_reads import audited_read

router = Router(tags=["cases"])


class CategoryOut(Schema):
    id: int
    code: str
    service_code: str
    name: str
    target_hours: int


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    municipality: str
    categories: list[CategoryOut]


class CaseOut(Schema):
    id: int
    reference: str
    municipality: str
    title: str
    description: str
    state: str
    state_label: str
    department: str
    department_name: str
    category: str | None
    source: str
    conversation: int | None
    assigned_to: str | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    overdue: bool
    resolved_at: datetime | None
    closed_at: datetime | None
    latitude: float | None
    longitude: float | None
    address: str
    messages: list[int]


class EventOut(Schema):
    id: int
    kind: str
    from_state: str
    to_state: str
    text: str
    actor: str
    at: datetime


class AttachmentOut(Schema):
    id: int
    filename: str
    mime_type: str
    size: int | None
    message: int | None
    added_at: datetime
    url: str


class SuggestionOut(Schema):
    department: str
    name: str
    confidence: float
    category: str | None
    keywords: list[str]


class RoutingOut(Schema):
    conversation: int
    suggestion_id: int | None
    suggestions: list[SuggestionOut]


class OpenIn(Schema):
    conversation: int
    department: str
    category: str | None = None  # category code within the department
    title: str = ""
    description: str = ""
    messages: list[int] = []
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    public: bool = False
    public_description: str = ""  # what Open311 shows; the citizen's words are never published


class StateIn(Schema):
    state: str
    note: str = ""


class NoteIn(Schema):
    text: str


class DepartmentIn(Schema):
    department: str
    category: str | None = None
    note: str = ""


class ErrorOut(Schema):
    code: str
    detail: str


def case_out(case: Case) -> dict[str, Any]:
    quarantine.shown(case)  # words of messages hidden by moderation are not served through the case
    return {
        "id": case.pk, "reference": case.reference, "municipality": case.municipality.slug,
        "title": case.shown_title, "description": case.shown_description, "state": case.state, "state_label": case.get_state_display(),
        "department": case.department.code, "department_name": case.department.name,
        "category": case.category.code if case.category else None, "source": case.source,
        "conversation": case.conversation_id,
        "assigned_to": case.assigned_to.get_username() if case.assigned_to else None,
        "created_at": case.created_at, "updated_at": case.updated_at, "due_at": case.due_at,
        "overdue": case.is_overdue, "resolved_at": case.resolved_at, "closed_at": case.closed_at,
        "latitude": case.latitude, "longitude": case.longitude, "address": case.address,
        "messages": [m.pk for m in quarantine.visible_messages(case)],
    }


def _scoped(request: HttpRequest):  # type: ignore[no-untyped-def]
    return cases_for(request.user).select_related(
        "municipality", "department", "category", "assigned_to"
    ).prefetch_related("messages")


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_object_or_404(_scoped(request), pk=case_id)


@router.get("/departments", response=list[DepartmentOut])
def list_departments(request: HttpRequest):
    departments = departments_for(request.user).select_related("municipality").prefetch_related("categories")
    return [
        {
            "id": d.pk, "code": d.code, "name": d.name, "municipality": d.municipality.slug,
            "categories": [
                {"id": c.pk, "code": c.code, "service_code": c.service_code, "name": c.name,
                 "target_hours": c.target_hours}
                for c in d.categories.all()
            ],
        }
        for d in departments.order_by("municipality__name", "name")
    ]


@router.get("/routing/{conversation_id}", response=RoutingOut)
@audited_read("conversation.routing_read_via_api")
def routing_suggestion(request: HttpRequest, conversation_id: int):
    conversation = _conversation(request, conversation_id)
    suggestion = routing.latest_suggestion(conversation)
    return {
        "conversation": conversation.pk,
        "suggestion_id": suggestion.pk if suggestion else None,
        "suggestions": suggestion.suggestions if suggestion else [],
    }


@router.get("", response=list[CaseOut])
@audited_read("case.listed_via_api")
def list_cases(
    request: HttpRequest, state: str | None = None, department: str | None = None, overdue: bool = False,
    limit: int = 50, offset: int = 0,
):
    qs = _scoped(request)
    if state == "open":
        qs = qs.filter(state__in=Case.OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    if department:
        qs = qs.filter(department__code=department)
    if overdue:
        qs = qs.filter(state__in=Case.OPEN_STATES, due_at__lt=timezone.now())
    return [case_out(c) for c in qs.order_by("-created_at", "-id")[offset : offset + min(limit, 200)]]


@router.get("/{case_id}", response=CaseOut)
@audited_read("case.read_via_api")
def get_case(request: HttpRequest, case_id: int):
    return case_out(_case(request, case_id))


@router.get("/{case_id}/history", response=list[EventOut])
@audited_read("case.history_read_via_api")
def case_history(request: HttpRequest, case_id: int):
    case = _case(request, case_id)
    return [
        {"id": e.pk, "kind": e.kind, "from_state": e.from_state, "to_state": e.to_state, "text": e.text,
         "actor": e.actor_label, "at": e.at}
        for e in case.events.all()
    ]


@router.get("/{case_id}/attachments", response=list[AttachmentOut])
@audited_read("case.attachments_listed_via_api")
def case_attachments(request: HttpRequest, case_id: int):
    case = _case(request, case_id)
    return [
        {"id": a.pk, "filename": a.filename, "mime_type": a.mime_type, "size": a.size,
         "message": a.source.message_id if a.source_id else None, "added_at": a.added_at,
         "url": f"/api/v1/cases/{case.pk}/attachments/{a.pk}/content"}
        for a in quarantine.visible_attachments(case.attachments.select_related("source"))
    ]


@router.get("/{case_id}/attachments/{attachment_id}/content", response={200: None})
def case_attachment_content(request: HttpRequest, case_id: int, attachment_id: int):
    case = _case(request, case_id)
    attachment = get_object_or_404(
        quarantine.visible_attachments(CaseAttachment.objects.select_related("source")), pk=attachment_id, case=case
    )
    handle = attachment.open_file()
    if handle is None:
        raise HttpError(404, "not downloaded yet")
    audit("case.attachment_downloaded", actor=request.user, municipality=case.municipality, target=case,
          attachment=attachment.pk)
    return serve_attachment(handle, attachment.mime_type, attachment.filename)


def _conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related("municipality"), pk=conversation_id,
        municipality__in=municipalities_for(request.user),
    )
    if not sees_all_cases(request.user, conversation.municipality_id):
        raise HttpError(404, "Not Found")
    return conversation


def _error(error: services.CaseError) -> Status:
    return Status(409 if error.code in {"bad_transition", "same_state", "same_department"} else 400,
                  {"code": error.code, "detail": error.message})


@router.post("", response={201: CaseOut, 400: ErrorOut, 409: ErrorOut})
def open_case(request: HttpRequest, data: OpenIn):
    conversation = _conversation(request, data.conversation)
    department = get_object_or_404(Department, municipality=conversation.municipality, code=data.department, active=True)
    category = None
    if data.category:
        category = get_object_or_404(Category, department=department, code=data.category)
    # A message hidden by moderation cannot be put into a case (its words would be copied there).
    messages = list(Message.objects.filter(conversation=conversation, pk__in=data.messages, hidden_at__isnull=True))
    if len(messages) != len(set(data.messages)):
        return Status(400, {"code": "message_mismatch", "detail": "some messages are not in this conversation"})
    try:
        case = services.open_case(
            department=department, category=category, conversation=conversation, messages=messages,
            title=data.title or (messages[0].text[:120] if messages and messages[0].text else department.name),
            description=data.description, latitude=data.latitude, longitude=data.longitude, address=data.address,
            public=data.public, public_description=data.public_description, actor=request.user,
            source=Case.Source.API,
        )
    except services.CaseError as error:
        return _error(error)
    return Status(201, case_out(_case(request, case.pk)))


@router.post("/{case_id}/state", response={200: CaseOut, 400: ErrorOut, 409: ErrorOut})
def change_state(request: HttpRequest, case_id: int, data: StateIn):
    case = _case(request, case_id)
    try:
        services.change_state(case, data.state, request.user, data.note)
    except services.CaseError as error:
        return _error(error)
    return case_out(_case(request, case_id))


@router.post("/{case_id}/notes", response={201: EventOut, 400: ErrorOut})
def add_note(request: HttpRequest, case_id: int, data: NoteIn):
    case = _case(request, case_id)
    try:
        event: CaseEvent = services.add_note(case, data.text, request.user)
    except services.CaseError as error:
        return _error(error)
    return Status(201, {"id": event.pk, "kind": event.kind, "from_state": "", "to_state": "", "text": event.text,
                        "actor": event.actor_label, "at": event.at})


@router.post("/{case_id}/department", response={200: CaseOut, 400: ErrorOut, 409: ErrorOut})
def move_case(request: HttpRequest, case_id: int, data: DepartmentIn):
    case = _case(request, case_id)
    if not sees_all_cases(request.user, case.municipality_id):
        raise HttpError(404, "Not Found")
    department = get_object_or_404(Department, municipality=case.municipality, code=data.department, active=True)
    category = get_object_or_404(Category, department=department, code=data.category) if data.category else None
    try:
        services.move_to_department(case, department, request.user, data.note, category)
    except services.CaseError as error:
        return _error(error)
    return case_out(_case(request, case_id))
