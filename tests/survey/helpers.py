"""Building survey situations for tests: a conversation on the test WhatsApp number, webhook replies."""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone

from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.conversations.models import Conversation, ServiceWindow
from sportello.survey.models import SurveySettings
from tests.connectors import payloads as p

PHONE = "393331234567"


def enable(municipality: Any, **fields: Any) -> SurveySettings:
    conf, _ = SurveySettings.objects.update_or_create(municipality=municipality, defaults={"enabled": True, **fields})
    return conf


def conversation(number: Any, *, phone: str = PHONE, window: bool = True) -> Conversation:
    municipality = number.account.municipality
    citizen = resolve_citizen(municipality, SenderIdentity(phone=phone))
    conv = Conversation.objects.create(municipality=municipality, account=number.account, citizen=citizen)
    if window:
        ServiceWindow.objects.update_or_create(account=number.account, citizen=citizen,
                                               defaults={"last_inbound_at": timezone.now()})
    return Conversation.objects.select_related("account", "citizen", "municipality").get(pk=conv.pk)


def tap(choice_id: str, *, phone: str = PHONE, title: str = "", message_id: str | None = None,
        ts: int | None = None) -> dict:
    """A webhook body: the citizen taps a list row (list_reply)."""
    value = p.text_message("", phone=phone, ts=ts, message_id=message_id)
    message = value["messages"][0]
    message.pop("text")
    message["type"] = "interactive"
    message["interactive"] = {"type": "list_reply", "list_reply": {"id": choice_id, "title": title or choice_id}}
    return p.body(value)


def typed(text: str, *, phone: str = PHONE, ts: int | None = None) -> dict:
    return p.body(p.text_message(text, phone=phone, ts=ts or int(time.time())))
