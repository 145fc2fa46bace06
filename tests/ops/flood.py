"""Signed WhatsApp webhooks from many citizens, as Meta sends them (one message each), for the multi-process tests."""

from __future__ import annotations

import json
import time

from tests.conftest import sign

PHONE_NUMBER_ID = "1122334455667"  # make_number()'s


def citizen_phone(n: int) -> str:
    return f"39347{n:07d}"


def wamid(citizen: int, seq: int) -> str:
    return f"wamid.ops-{citizen}-{seq}"


def webhook(citizen: int, seq: int, *, start: int | None = None) -> bytes:
    """Message `seq` of citizen `citizen`; each citizen's messages one second apart, in order."""
    phone = citizen_phone(citizen)
    stamp = (start or int(time.time()) - 3600) + seq
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "390700000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": f"Cittadino {citizen}"}, "wa_id": phone}],
        "messages": [{"from": phone, "id": wamid(citizen, seq), "timestamp": str(stamp), "type": "text",
                      "text": {"body": f"messaggio {seq}"}}],
    }
    body = {"object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"value": value, "field": "messages"}]}]}
    return json.dumps(body).encode()


def headers(body: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
