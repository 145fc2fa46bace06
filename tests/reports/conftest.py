"""A small town whose statistics are computed by hand in the tests (Europe/Rome, offices Mon–Fri 9–13)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ROME = ZoneInfo("Europe/Rome")
PHONE = "+393471234567"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ROME)


@dataclass
class SmallTown:
    municipality: Any
    whatsapp: Any
    telegram: Any
    roads: Any
    waste: Any
    operator: Any
    conversations: dict[str, Any] = field(default_factory=dict)
    case: Any = None


def conversation(town: SmallTown, account, opened: str, state: str = "open"):  # type: ignore[no-untyped-def]
    from sportello.citizens.identity import SenderIdentity, resolve_citizen
    from sportello.conversations.models import Conversation

    citizen = resolve_citizen(town.municipality, SenderIdentity(phone=PHONE.lstrip("+"), name="Maria Rossi"))
    conv = Conversation.objects.create(municipality=town.municipality, account=account, citizen=citizen, state=state)
    Conversation.objects.filter(pk=conv.pk).update(created_at=at(opened), last_message_at=at(opened))
    conv.refresh_from_db()
    return conv


def message(conv, direction: str, when: str, author=None, text: str = "") -> Any:  # type: ignore[no-untyped-def]
    from sportello.conversations.models import Conversation, Message

    msg = Message.objects.create(municipality=conv.municipality, conversation=conv, direction=direction, kind="text",
                                 text=text, sent_at=at(when), author=author)
    Conversation.objects.filter(pk=conv.pk).update(last_message_at=at(when))
    return msg


@pytest.fixture
def small_town(db):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from sportello.cases.models import Case, OfficeCalendar
    from sportello.cases.seed import seed_departments
    from sportello.municipalities.models import ChannelAccount, Municipality, StaffMembership

    town = Municipality.objects.create(slug="borgo", name="Comune di Borgo")
    OfficeCalendar.objects.create(municipality=town, hours={str(d): [["09:00", "13:00"]] for d in range(5)})
    seed_departments(town)
    whatsapp = ChannelAccount.objects.create(municipality=town, channel="whatsapp", label="WhatsApp")
    telegram = ChannelAccount.objects.create(municipality=town, channel="telegram", label="Telegram")
    anna = get_user_model().objects.create_user("anna", first_name="Anna", password="x" * 12)
    StaffMembership.objects.create(user=anna, municipality=town, role="operator")
    roads, waste = town.departments.get(code="strade"), town.departments.get(code="ambiente")
    t = SmallTown(town, whatsapp, telegram, roads, waste, anna)

    # A: Monday 8:00 (before opening); answered 9:30 → 30 office minutes; closed after a last reply at 10:00 → 60.
    a = conversation(t, whatsapp, "2025-03-03 08:00", state="closed")
    message(a, "in", "2025-03-03 08:00", text=f"Buongiorno, sono {PHONE}")
    message(a, "out", "2025-03-03 09:30", author=anna)
    message(a, "out", "2025-03-03 10:00", author=anna)
    # B: Friday 12:30, answered Monday 9:15 → 30 + 15 = 45 office minutes; a roads case, resolved in 120.
    b = conversation(t, telegram, "2025-03-07 12:30")
    message(b, "in", "2025-03-07 12:30")
    message(b, "out", "2025-03-10 09:15", author=anna)
    # C: Tuesday 10:00, only an automatic reply (no author): not answered yet.
    c = conversation(t, whatsapp, "2025-03-04 10:00")
    message(c, "in", "2025-03-04 10:00")
    message(c, "out", "2025-03-04 10:00")
    t.conversations = {"a": a, "b": b, "c": c}
    t.case = Case.objects.create(
        municipality=town, reference="2025/1", year=2025, number=1, department=roads, conversation=b,
        citizen=b.citizen, title="Buca", state=Case.State.RESOLVED, created_at=at("2025-03-07 12:40"),
        resolved_at=at("2025-03-10 10:40"), due_at=at("2025-03-10 12:00"),
    )
    return t
