"""bulk_update_values writes each row's own values, NULLs and types included, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sportello.core.bulk import bulk_update_values
from sportello.conversations.models import Message
from tests.conftest import post_webhook
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db


def test_rows_get_their_own_values(client, number):
    from sportello.conversations import ingest

    for i in range(3):
        post_webhook(client, p.body(p.text_message(f"messaggio {i}", phone=f"39333000000{i}")))
    ingest.drain()
    messages = list(Message.objects.order_by("pk"))
    when = timezone.now().replace(microsecond=0)
    for i, message in enumerate(messages):
        message.status = ["read", "failed", "delivered"][i]
        message.error_code = [None, 131026, None][i]
        message.error_title = ["", "non recapitabile", ""][i]
        message.status_at = when + timedelta(seconds=i) if i != 2 else None
        message.forwarded = i == 1
    bulk_update_values(messages, ["status", "error_code", "error_title", "status_at", "forwarded"], batch_size=2)
    stored = list(Message.objects.order_by("pk").values_list("status", "error_code", "error_title", "status_at", "forwarded"))
    assert stored == [
        ("read", None, "", when, False),
        ("failed", 131026, "non recapitabile", when + timedelta(seconds=1), True),
        ("delivered", None, "", None, False),
    ]
    # The guard keeps the rows whose stored value no longer matches (as a claim that has moved on).
    for message in messages:
        message.error_title = "aggiornato"
    bulk_update_values(messages, ["error_title"], guard={"status": "failed"})
    assert list(Message.objects.order_by("pk").values_list("error_title", flat=True)) == ["", "aggiornato", ""]


def _stored(model, pks):
    fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    return [tuple(row) for row in model.objects.filter(pk__in=pks).order_by("pk").values_list(*fields)]


def test_insert_rows_stores_what_bulk_create_stores(client, number):
    """Text, choices, JSON, encrypted values, aware and auto_now_add datetimes, NULLs and relations assigned
    before the related row had its key: the same stored values either way, keys set on the objects."""
    from sportello.citizens.models import Citizen, Identity
    from sportello.conversations import ingest
    from sportello.conversations.models import Conversation
    from sportello.core.bulk import insert_rows

    post_webhook(client, p.body(p.text_message("ciao", phone="393330000001")))
    ingest.drain()
    conversation = Conversation.objects.get()
    when = timezone.now()

    def batch(tag):
        citizen = Citizen(municipality_id=conversation.municipality_id)
        insert_rows([citizen]) if tag == "fast" else Citizen.objects.bulk_create([citizen])
        identity = Identity(municipality_id=conversation.municipality_id, citizen=citizen,
                            kind=Identity.Kind.PHONE, value=f"39333{tag}", value_index=f"idx-{tag}", masked="***")
        messages = [
            Message(municipality_id=conversation.municipality_id, conversation=conversation,
                    direction=Message.Direction.OUTBOUND, kind="text", text=f"testo {tag} {i}",
                    payload={"i": i, "è": [1, None]}, status="queued", next_attempt_at=when if i else None,
                    error_code=131026 if i == 1 else None, forwarded=bool(i), callback_data=f"{tag}{i}")
            for i in range(3)
        ]
        return [identity], messages

    slow_identities, slow_messages = batch("slow")
    Identity.objects.bulk_create(slow_identities)
    Message.objects.bulk_create(slow_messages)
    fast_identities, fast_messages = batch("fast")
    assert insert_rows(fast_identities) is fast_identities
    insert_rows(fast_messages)

    assert all(m.pk and not m._state.adding for m in fast_messages + fast_identities)
    assert [m.pk for m in fast_messages] == sorted(m.pk for m in fast_messages)
    slow = _stored(Message, [m.pk for m in slow_messages])
    fast = _stored(Message, [m.pk for m in fast_messages])
    differing = {"text", "callback_data", "sent_at", "created_at"}
    names = [f.attname for f in Message._meta.concrete_fields if f.attname != "id"]
    for s_row, f_row in zip(slow, fast):
        for name, s_value, f_value in zip(names, s_row, f_row):
            if name not in differing:
                assert s_value == f_value, name
    assert [r[names.index("text")] for r in fast] == ["testo fast 0", "testo fast 1", "testo fast 2"]
    stored = Identity.objects.get(pk=fast_identities[0].pk)
    assert stored.value == "39333fast" and stored.created_at is not None
    assert stored.citizen_id == fast_identities[0].citizen.pk
    assert Identity.objects.get(pk=slow_identities[0].pk).created_at is not None


def test_insert_rows_refuses_an_unsaved_relation(client, number):
    from sportello.citizens.models import Citizen, Identity
    from sportello.core.bulk import insert_rows
    from sportello.municipalities.models import Municipality

    town = Municipality.objects.first()
    identity = Identity(municipality=town, citizen=Citizen(municipality=town), kind="phone", value="1",
                        value_index="x", masked="*")
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_rows([identity])
