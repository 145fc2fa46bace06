"""Cloud-API-shaped webhook payloads and their signature.

Shapes follow ``/work/shared/whatsapp-fixtures``: inbound messages like ``text.json`` (or, for a citizen with
only a username, ``chatwoot_bsuid_only_text.json``), statuses like ``status_*.json`` with ``conversation`` and
``pricing`` (per-message pricing, as Meta bills since July 2025) or ``errors[]`` when failed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from typing import Any

from .config import BusinessNumber
from .errors import status_error
from .state import Citizen, Message

BILLING_WINDOW_SECONDS = 24 * 3600


class Update:
    """One message or status waiting to be POSTed to Sportello."""

    __slots__ = ("contact", "future", "generation", "is_message", "lane_key", "number", "obj")

    def __init__(
        self,
        number: BusinessNumber,
        citizen: Citizen,
        obj: dict[str, Any],
        *,
        is_message: bool,
        generation: int,
        future: asyncio.Future[int | None] | None = None,
    ) -> None:
        self.number = number
        self.contact = citizen.contact()
        self.obj = obj
        self.is_message = is_message
        self.lane_key = citizen.lane_key
        self.generation = generation
        self.future = future


def status_object(message: Message, status: str, now: float, category: str = "service") -> dict[str, Any]:
    """A ``statuses[]`` entry for an outbound message."""
    conv = message.conversation
    citizen = conv.citizen
    obj: dict[str, Any] = {"id": message.id, "status": status, "timestamp": str(int(now))}
    if citizen.phone:
        obj["recipient_id"] = citizen.phone
    obj["recipient_user_id"] = citizen.bsuid
    if message.biz_opaque is not None:
        obj["biz_opaque_callback_data"] = message.biz_opaque
    if status == "failed":
        obj["errors"] = [status_error(message.error_code or 131000)]
        return obj
    if now >= conv.billing_expires:
        conv.billing_id = secrets.token_hex(16)
        conv.billing_expires = now + BILLING_WINDOW_SECONDS
    conversation: dict[str, Any] = {"id": conv.billing_id}
    if status == "sent":
        conversation["expiration_timestamp"] = str(int(conv.billing_expires))
    conversation["origin"] = {"type": category}
    obj["conversation"] = conversation
    billable = category != "service"
    obj["pricing"] = {
        "billable": billable,
        "pricing_model": "PMP",
        "type": "regular" if billable else "free_customer_service",
        "category": category,
    }
    return obj


def build_payload(number: BusinessNumber, updates: list[Update]) -> dict[str, Any]:
    """One POST body for updates of one business number: a single change, batched arrays."""
    contacts: list[dict[str, Any]] = []
    seen: set[int] = set()
    messages: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    for update in updates:
        if id(update.contact) not in seen:
            seen.add(id(update.contact))
            contacts.append(update.contact)
        (messages if update.is_message else statuses).append(update.obj)
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": number.display_phone_number,
            "phone_number_id": number.phone_number_id,
        },
        "contacts": contacts,
    }
    if messages:
        value["messages"] = messages
    if statuses:
        value["statuses"] = statuses
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": number.waba_id, "changes": [{"value": value, "field": "messages"}]}],
    }


def encode(payload: dict[str, Any]) -> bytes:
    # Meta sends compact, unicode-escaped JSON ("\u00e0"); the signature covers exactly these bytes.
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
