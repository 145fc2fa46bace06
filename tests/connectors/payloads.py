"""Building Cloud API webhook bodies for tests, in Meta's exact shape."""

from __future__ import annotations

import itertools
import time

_ids = itertools.count(1)
PHONE_NUMBER_ID = "1122334455667"


def wamid() -> str:
    return f"wamid.TEST{next(_ids):08d}"


def text_message(body: str, *, phone: str = "393331234567", name: str = "Maria Rossi", ts: int | None = None,
                 message_id: str | None = None, bsuid: str = "", username: str = "") -> dict:
    message = {"id": message_id or wamid(), "timestamp": str(ts or int(time.time())), "type": "text", "text": {"body": body}}
    contact: dict = {"profile": {"name": name}}
    if phone:
        message["from"] = phone
        contact["wa_id"] = phone
    if bsuid:
        message["from_user_id"] = bsuid
        contact["user_id"] = bsuid
    if username:
        contact["profile"]["username"] = username
    return {"contacts": [contact], "messages": [message]}


def status(message_id: str, state: str, *, phone: str = "393331234567", ts: int | None = None,
           errors: list | None = None, callback: str = "") -> dict:
    item = {"id": message_id, "status": state, "timestamp": str(ts or int(time.time())), "recipient_id": phone}
    if errors:
        item["errors"] = errors
    if callback:
        item["biz_opaque_callback_data"] = callback
    return {"statuses": [item]}


def change(value: dict, phone_number_id: str = PHONE_NUMBER_ID) -> dict:
    return {
        "field": "messages",
        "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "390700000000", "phone_number_id": phone_number_id},
            **value,
        },
    }


def body(*values: dict, entries: int = 1) -> dict:
    """One body; with entries > 1 the values are spread over several entries (Meta batches that way too)."""
    chunks = [values[i::entries] for i in range(entries)]
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": f"WABA{i}", "changes": [change(v) for v in chunk]} for i, chunk in enumerate(chunks)],
    }
