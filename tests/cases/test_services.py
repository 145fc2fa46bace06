"""Opening and following cases: history, audit, due dates, e-mail to the department, messages to the citizen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sportello.cases import services
from sportello.cases.models import Case, CaseAttachment, CaseEvent
from sportello.conversations.models import Attachment, Message, ServiceWindow
from sportello.core.models import AuditEntry
from tests.cases.conftest import conversation_with


def _open(town, conversation, **kw):  # type: ignore[no-untyped-def]
    roads = town.department("strade")
    return services.open_case(
        department=roads, category=roads.categories.get(code="buche"), title="Buca in via Dante",
        conversation=conversation, messages=list(conversation.messages.all()), actor=town.urp, **kw,
    )


def test_open_from_conversation_links_messages_location_and_attachments(town, django_capture_on_commit_callbacks):
    conversation = conversation_with(
        town, "C'è una buca enorme in via Dante",
        location={"latitude": 39.2238, "longitude": 9.1217, "address": "Via Dante 10, Cagliari"},
    )
    photo_msg = conversation.messages.first()
    Attachment.objects.create(message=photo_msg, kind="image", mime_type="image/jpeg", filename="buca.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        case = _open(town, conversation)
    assert (case.latitude, case.longitude, case.address) == (39.2238, 9.1217, "Via Dante 10, Cagliari")
    assert case.citizen == conversation.citizen
    assert set(case.messages.values_list("pk", flat=True)) == set(conversation.messages.filter(direction="in").values_list("pk", flat=True))
    assert CaseAttachment.objects.get(case=case).source.filename == "buca.jpg"
    assert case.due_at is not None and case.due_at > case.created_at
    assert AuditEntry.objects.filter(action="case.opened", target_id=str(case.pk)).exists()
    # The department hears of it by e-mail; the citizen gets the reference on their channel.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(f"[{case.reference}]")
    assert set(mail.outbox[0].to) == {"strade@comune.example", "strade1@comune.example"}
    reply = Message.objects.get(conversation=conversation, direction="out")
    assert case.reference in reply.text and reply.kind == "text"


def test_reference_goes_as_template_when_window_closed(town):
    conversation = conversation_with(town, "Lampione spento in piazza")
    ServiceWindow.objects.update(last_inbound_at=timezone.now() - timedelta(hours=30))
    case = _open(town, conversation)
    sent = Message.objects.get(conversation=conversation, direction="out")
    assert sent.kind == "template"
    assert sent.payload["name"] == "pratica_aperta"
    assert sent.payload["components"][0]["parameters"] == [{"type": "text", "text": case.reference}]


def test_state_changes_recorded_with_who_and_when_and_resolution_told(town):
    conversation = conversation_with(town, "Buca in via Roma")
    case = _open(town, conversation)
    services.assign(case, town.roads, town.roads)
    services.change_state(case, "in_progress", town.roads)
    services.change_state(case, "waiting", town.roads, note="Serve il numero civico")
    services.change_state(case, "in_progress", town.roads)
    services.change_state(case, "resolved", town.roads, note="Buca chiusa il 3 marzo.")
    case.refresh_from_db()
    assert case.state == "resolved" and case.resolved_at is not None
    transitions = list(case.events.filter(kind="state").values_list("from_state", "to_state", "actor__username"))
    assert transitions == [
        ("assigned", "in_progress", "strade1"), ("in_progress", "waiting", "strade1"),
        ("waiting", "in_progress", "strade1"), ("in_progress", "resolved", "strade1"),
    ]
    assert AuditEntry.objects.filter(action="case.state_changed", target_id=str(case.pk)).count() == 4
    texts = list(Message.objects.filter(conversation=conversation, direction="out").values_list("text", flat=True))
    assert texts[-1] == f"La sua pratica {case.reference} è stata risolta. Buca chiusa il 3 marzo. Grazie per la segnalazione."
    with pytest.raises(services.CaseError) as refused:
        services.change_state(case, "waiting", town.roads)
    assert refused.value.code == "bad_transition"
    services.change_state(case, "closed", town.urp)
    case.refresh_from_db()
    assert case.closed_at is not None and not case.is_open


def test_notes_attachments_and_move(town, django_capture_on_commit_callbacks):
    case = services.open_case(department=town.department("ambiente"), title="Lampione spento", actor=town.urp)
    services.add_note(case, "Inviato per errore all'ambiente", town.urp)
    services.add_attachment(case, "verbale.pdf", b"%PDF-1.4", "application/pdf", town.urp)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_to_department(case, town.department("illuminazione"), town.urp, "competenza")
    case.refresh_from_db()
    assert case.department.code == "illuminazione"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[:4] == ["opened", "note", "attachment", "department"]
    with case.attachments.get().open_file() as handle:
        assert handle.read() == b"%PDF-1.4"
    with pytest.raises(services.CaseError):
        services.add_note(case, "  ", town.urp)


def test_overdue(town):
    case = services.open_case(department=town.department("strade"), title="Buca", actor=town.urp)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    case.refresh_from_db()
    assert case.is_overdue
    services.change_state(case, "resolved", town.urp)
    case.refresh_from_db()
    assert not case.is_overdue


def test_email_failure_is_visible_on_the_case(town, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.cases.test_services.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        case = services.open_case(department=town.department("strade"), title="Buca", actor=town.urp)
    event = case.events.get(data__what="email_failed")
    assert "SMTP" in event.text and event.kind == CaseEvent.Kind.NOTE


def test_validation(town):
    roads = town.department("strade")
    with pytest.raises(services.CaseError):
        services.open_case(department=roads, category=town.department("ambiente").categories.first(), title="x")
    with pytest.raises(services.CaseError):
        services.open_case(department=roads, title="x", latitude=100.0, longitude=9.0)
    with pytest.raises(services.CaseError):
        services.open_case(department=roads, title="  ")


class BrokenBackend:
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        pass

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        raise ConnectionError("SMTP server unreachable")
