"""Case services: the only code that opens, moves and closes cases. Views, the API, Open311 and workers call
these; they check the rules, write the history and the audit log, and notify after commit."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.cases import notifications
from sportello.cases.calendar import add_business_hours
from sportello.cases.models import Case, CaseAttachment, CaseEvent, Category, Department, RoutingSuggestion
from sportello.cases.signals import case_state_changed
from sportello.cases.numbering import format_reference, next_number, year_of
from sportello.conversations.models import Conversation, Message
from sportello.core import events
from sportello.core.audit import audit

S = Case.State
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CLOSED},
    S.ASSIGNED: {S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.CLOSED},
    S.IN_PROGRESS: {S.WAITING, S.RESOLVED, S.CLOSED},
    S.WAITING: {S.IN_PROGRESS, S.RESOLVED, S.CLOSED},
    S.RESOLVED: {S.CLOSED, S.IN_PROGRESS},  # reopened when the fix did not hold
    S.CLOSED: {S.IN_PROGRESS},
}


class CaseError(Exception):
    """A request that breaks a rule; `code` lets the API and the console react."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _label(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "system"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(case: Case, kind: str, actor: Any, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=_user(actor), actor_label=_label(actor), **fields)


def _location_from(messages: Iterable[Message]) -> tuple[float | None, float | None, str]:
    for message in sorted(messages, key=lambda m: (m.sent_at, m.pk), reverse=True):
        if message.kind == "location":
            try:
                lat, lon = float(message.payload["latitude"]), float(message.payload["longitude"])
            except (KeyError, TypeError, ValueError):
                continue
            return lat, lon, message.text[:255]
    return None, None, ""


def open_case(
    *,
    department: Department,
    title: str,
    description: str = "",
    category: Category | None = None,
    conversation: Conversation | None = None,
    messages: Iterable[Message] = (),
    actor: Any = None,
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    source: str = Case.Source.CONVERSATION,
    public: bool = False,
    public_description: str = "",
    suggestion: RoutingSuggestion | None = None,
    reporter: dict[str, str] | None = None,
    media_url: str = "",
    attributes: dict[str, Any] | None = None,
    open311_token: str = "",
    notify_citizen: bool = True,
) -> Case:
    municipality = department.municipality
    if category is not None and category.department_id != department.pk:
        raise CaseError(_("La categoria non appartiene al servizio scelto."), "category_mismatch")
    if conversation is not None and conversation.municipality_id != municipality.pk:
        raise CaseError(_("La conversazione è di un altro comune."), "conversation_mismatch")
    messages = list(messages)
    if any(conversation is None or m.conversation_id != conversation.pk for m in messages):
        raise CaseError(_("I messaggi scelti non fanno parte della conversazione."), "message_mismatch")
    if not title.strip():
        raise CaseError(_("Indicare l'oggetto della pratica."), "title_missing")
    if (latitude is None) != (longitude is None):
        raise CaseError(_("Indicare sia la latitudine sia la longitudine."), "location_incomplete")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
        raise CaseError(_("Coordinate non valide."), "location_invalid")
    if latitude is None:
        latitude, longitude, place = _location_from(messages)
        address = address or place
    now = timezone.now()
    with transaction.atomic():
        year = year_of(municipality, now)
        number = next_number(municipality.pk, year)
        case = Case.objects.create(
            municipality=municipality,
            reference=format_reference(year, number),
            year=year,
            number=number,
            department=department,
            category=category,
            conversation=conversation,
            citizen=conversation.citizen if conversation else None,
            title=title.strip()[:200],
            description=description,
            source=source,
            opened_by=_user(actor),
            created_at=now,
            due_at=add_business_hours(municipality, now, category.target_hours) if category else None,
            latitude=latitude,
            longitude=longitude,
            address=address[:255],
            public=public,
            public_description=public_description.strip(),
            reporter=reporter or {},
            media_url=media_url,
            attributes=attributes or {},
            open311_token=open311_token,
        )
        if messages:
            case.messages.add(*messages)
            _link_attachments(case, messages, actor)
        _event(case, CaseEvent.Kind.OPENED, actor, to_state=case.state, data={"department": department.code})
        audit(
            "case.opened", actor=actor, municipality=municipality, target=case, reference=case.reference,
            department=department.code, source=source,
        )
        if suggestion is None and conversation is not None:
            suggestion = RoutingSuggestion.objects.filter(conversation=conversation, confirmed_at__isnull=True).first()
        if suggestion is not None:
            from sportello.cases import routing

            routing.confirm(suggestion, department, actor, case)
        if notify_citizen:
            notifications.tell_opened(case, actor)
        transaction.on_commit(lambda pk=case.pk: notifications.email_department(pk))
        events.publish_on_commit(municipality.pk, "case.opened", {"case": case.pk, "department": department.code})
    return case


def _link_attachments(case: Case, messages: Iterable[Message], actor: Any) -> None:
    for message in messages:
        for attachment in message.attachments.all():
            CaseAttachment.objects.get_or_create(
                case=case, source=attachment,
                defaults={
                    "filename": attachment.filename or f"{attachment.kind}-{attachment.pk}",
                    "mime_type": attachment.mime_type, "size": attachment.size, "added_by": _user(actor),
                },
            )


def add_messages(case: Case, messages: Iterable[Message], actor: Any = None) -> None:
    messages = list(messages)
    if any(case.conversation_id is None or m.conversation_id != case.conversation_id for m in messages):
        raise CaseError(_("I messaggi scelti non fanno parte della conversazione della pratica."), "message_mismatch")
    with transaction.atomic():
        case.messages.add(*messages)
        _link_attachments(case, messages, actor)
        if not case.has_location:
            lat, lon, place = _location_from(messages)
            if lat is not None:
                Case.objects.filter(pk=case.pk).update(latitude=lat, longitude=lon, address=case.address or place)
        audit("case.messages_added", actor=actor, municipality=case.municipality, target=case, count=len(messages))


def change_state(case: Case, state: str, actor: Any = None, note: str = "", notify_citizen: bool = True) -> Case:
    if state not in S.values:
        raise CaseError(_("Stato sconosciuto."), "unknown_state")
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("department", "municipality").get(pk=case.pk)
        old = case.state
        if state == old:
            raise CaseError(_("La pratica è già in questo stato."), "same_state")
        if state not in TRANSITIONS[old]:
            raise CaseError(
                _("Non si può passare da «%(old)s» a «%(new)s».") % {"old": S(old).label, "new": S(state).label},
                "bad_transition",
            )
        now = timezone.now()
        case.state = state
        fields = ["state", "updated_at"]
        if state == S.RESOLVED:
            case.resolved_at = now
            fields.append("resolved_at")
            if note:
                case.status_notes = note
                fields.append("status_notes")
        elif state == S.CLOSED:
            case.closed_at = now
            fields.append("closed_at")
        elif old in (S.RESOLVED, S.CLOSED):
            case.resolved_at = case.closed_at = None
            fields += ["resolved_at", "closed_at"]
        case.save(update_fields=fields)
        _event(case, CaseEvent.Kind.STATE, actor, from_state=old, to_state=state, text=note)
        audit("case.state_changed", actor=actor, municipality=case.municipality, target=case, old=old, new=state)
        if state == S.RESOLVED and notify_citizen:
            notifications.tell_resolved(case, actor)
        events.publish_on_commit(case.municipality_id, "case.updated", {"case": case.pk, "state": state})
        case_state_changed.send(Case, case=case, old_state=old, new_state=state, actor=actor)
    return case


def assign(case: Case, user: Any, actor: Any = None) -> Case:
    from sportello.cases.access import cases_for

    if user is not None and not cases_for(user).filter(pk=case.pk).exists():
        raise CaseError(_("La persona scelta non può vedere questa pratica."), "assignee_out_of_scope")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.assigned_to = user
        fields = ["assigned_to", "updated_at"]
        old = case.state
        if user is not None and case.state == S.NEW:
            case.state = S.ASSIGNED
            fields.append("state")
        case.save(update_fields=fields)
        _event(
            case, CaseEvent.Kind.ASSIGNED, actor, from_state=old, to_state=case.state,
            text=user.get_username() if user else "", data={"user": user.pk if user else None},
        )
        audit("case.assigned", actor=actor, municipality=case.municipality, target=case, user=user.pk if user else None)
        events.publish_on_commit(case.municipality_id, "case.updated", {"case": case.pk, "state": case.state})
    return case


def move_to_department(
    case: Case, department: Department, actor: Any = None, note: str = "", category: Category | None = None
) -> Case:
    if department.municipality_id != case.municipality_id:
        raise CaseError(_("Il servizio è di un altro comune."), "department_mismatch")
    if category is not None and category.department_id != department.pk:
        raise CaseError(_("La categoria non appartiene al servizio scelto."), "category_mismatch")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        old = case.department
        if old.pk == department.pk and category is None:
            raise CaseError(_("La pratica è già di questo servizio."), "same_department")
        case.department = department
        case.category = category
        case.assigned_to = None
        if case.state == S.ASSIGNED:
            case.state = S.NEW
        if category is not None:
            case.due_at = add_business_hours(case.municipality, case.created_at, category.target_hours)
        case.save(update_fields=["department", "category", "assigned_to", "state", "due_at", "updated_at"])
        _event(
            case, CaseEvent.Kind.DEPARTMENT, actor, text=note, data={"from": old.code, "to": department.code},
        )
        audit("case.routed", actor=actor, municipality=case.municipality, target=case, old=old.code, new=department.code)
        if old.pk != department.pk:
            transaction.on_commit(lambda pk=case.pk: notifications.email_department(pk))
        events.publish_on_commit(case.municipality_id, "case.updated", {"case": case.pk})
    return case


def add_note(case: Case, text: str, actor: Any = None) -> CaseEvent:
    if not text.strip():
        raise CaseError(_("La nota è vuota."), "empty")
    with transaction.atomic():
        event = _event(case, CaseEvent.Kind.NOTE, actor, text=text.strip())
        Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
        audit("case.note_added", actor=actor, municipality=case.municipality, target=case)
        events.publish_on_commit(case.municipality_id, "case.updated", {"case": case.pk})
    return event


def add_attachment(case: Case, filename: str, content: bytes, mime: str = "", actor: Any = None) -> CaseAttachment:
    if not content:
        raise CaseError(_("Il file è vuoto."), "empty")
    mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    with transaction.atomic():
        attachment = CaseAttachment(
            case=case, filename=filename[:255], mime_type=mime, size=len(content), added_by=_user(actor)
        )
        attachment.file.save(filename.replace("/", "_")[:100], ContentFile(content), save=False)
        attachment.save()
        _event(case, CaseEvent.Kind.ATTACHMENT, actor, text=attachment.filename, data={"attachment": attachment.pk})
        audit("case.attachment_added", actor=actor, municipality=case.municipality, target=case)
    return attachment


def set_location(case: Case, latitude: float, longitude: float, address: str = "", actor: Any = None) -> Case:
    """An address the operator entered by hand, with its coordinates."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise CaseError(_("Coordinate non valide."), "location_invalid")
    Case.objects.filter(pk=case.pk).update(
        latitude=latitude, longitude=longitude, address=address[:255], updated_at=timezone.now()
    )
    audit("case.located", actor=actor, municipality=case.municipality, target=case)
    case.refresh_from_db()
    return case
