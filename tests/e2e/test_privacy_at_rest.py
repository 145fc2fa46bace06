"""No phone number or BSUID in clear anywhere we keep data: database files (or a PostgreSQL dump), the data
directory, the logs — after a realistic exchange with text, media, a location, statuses and a number change."""

from __future__ import annotations

import logging

import pytest

from sportello.conversations import outbound
from sportello.conversations.models import Conversation
from tests.stored import stored_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "+393478765432"
NEW_PHONE = "+393401237777"
BSUID_CITIZEN = "@lucia_r"
JPEG = bytes.fromhex("ffd8ffe000104a464946000101") + b"\x00" * 32 + bytes.fromhex("ffd9")


def _needles(*phones: str) -> list[bytes]:
    found = []
    for phone in phones:
        digits = phone.lstrip("+")
        national = digits[2:]
        found += [digits.encode(), national.encode(), f"{national[:3]} {national[3:6]} {national[6:]}".encode()]
    return found


def _exchange(world) -> list[str]:
    world.citizen_sends_text(PHONE, "Salve, il lampione di via Verdi è spento", name="Paolo Serra")
    world.citizen_sends_media(PHONE, "image", JPEG, "image/jpeg", caption="Eccolo")
    world.citizen_sends(PHONE, type="location", location={"latitude": 39.2238, "longitude": 9.1217, "name": "Via Verdi"})
    world.citizen_sends_text(BSUID_CITIZEN, "Info sugli orari?", name="Lucia")
    world.settle()
    conversation = Conversation.objects.get(citizen__display_name="Paolo Serra")
    outbound.queue_text(conversation, "Grazie, segnalato all'ufficio illuminazione.")
    world.settle()
    world.sandbox_api("POST", "read", json={"citizen": PHONE})
    world.citizen_sends(PHONE, raw={"type": "system", "system": {
        "body": f"User changed from {PHONE[1:]} to {NEW_PHONE[1:]}", "wa_id": NEW_PHONE[1:], "type": "user_changed_number"}})
    world.settle()
    bsuids = [c["user_id"] for c in world.sandbox_api("GET", "citizens")["citizens"] if c.get("user_id")]
    assert bsuids, "the sandbox gives every citizen a business-scoped user id"
    return bsuids


def test_nothing_in_clear(world, caplog):
    caplog.set_level(logging.DEBUG)
    bsuids = _exchange(world)
    needles = _needles(PHONE, NEW_PHONE) + [b.encode() for b in bsuids]

    blobs = stored_bytes("conversations_message")  # SQLite files with -wal and -shm, or a pg_dump; media
    blobs["logs"] = caplog.text.encode()
    for name, blob in blobs.items():
        for needle in needles:
            assert needle not in blob, f"{needle!r} found in clear in {name}"
    # The exchange really stored data (so the search above searched something).
    assert Conversation.objects.count() == 2
