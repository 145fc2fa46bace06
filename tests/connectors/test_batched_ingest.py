"""The batched ingest pipeline (conversations/pipeline/batch.py): many events claimed and applied together keep the
guarantees of one-at-a-time processing: each message once, in arrival order per conversation, a bad event flagged
or retried on its own, consoles told once per batch, and a bounded number of queries per message."""

from __future__ import annotations

import json

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sportello.citizens.identity import index_for
from sportello.citizens.models import Citizen, Identity
from sportello.conversations import ingest
from sportello.conversations.models import Attachment, Conversation, InboundEvent, Message, ServiceWindow
from sportello.conversations.pipeline import runner
from sportello.core import events
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db(transaction=True)


def _store(*values: dict) -> list[int]:
    """Acknowledged events, as the webhook stores them (one body each)."""
    return [
        InboundEvent.objects.create(channel="whatsapp", body=json.dumps(p.body(value)).encode()).pk for value in values
    ]


def _image(phone: str, media_id: str) -> dict:
    value = p.text_message("", phone=phone)
    message = value["messages"][0]
    del message["text"]
    message.update(type="image", image={"id": media_id, "mime_type": "image/jpeg", "sha256": "ab", "caption": "foto"})
    return value


@pytest.fixture
def pipeline(settings):
    """Reset the cached step list around a test that changes the configured pipeline."""
    runner.steps.cache_clear()
    yield settings
    runner.steps.cache_clear()


def test_one_batch_stores_every_message_once_in_arrival_order(number):
    known = Citizen.objects.create(municipality=number.municipality, display_name="Già nota")
    Identity.objects.create(municipality=number.municipality, citizen=known, kind="phone", value="+393330000003",
                            value_index=index_for("phone", "+393330000003"))
    earlier = Conversation.objects.create(municipality=number.municipality, account=number.account, citizen=known,
                                          unread_count=2)
    first = p.text_message("prima", phone="393330000001", message_id="wamid.A1", ts=1_800_000_000)
    retry = p.text_message("prima", phone="393330000001", message_id="wamid.A1", ts=1_800_000_000)
    second = p.text_message("seconda", phone="393330000001", message_id="wamid.A2", ts=1_800_000_000)
    reply = p.text_message("risposta", phone="393330000001", message_id="wamid.A3", ts=1_800_000_000)
    reply["messages"][0]["context"] = {"from": "393330000001", "id": "wamid.A1"}
    ids = _store(first, p.text_message("altra", phone="393330000002", message_id="wamid.B1"), retry, second, reply,
                 _image("393330000002", "media-1"), p.text_message("di nuovo", phone="393330000003"))

    assert ingest.run_once() == len(ids)

    assert InboundEvent.objects.filter(state=InboundEvent.State.DONE).count() == len(ids)
    assert InboundEvent.objects.get(pk=ids[2]).summary["duplicates"] == 1
    a = Message.objects.get(text="prima").conversation.citizen
    texts = list(Message.objects.filter(conversation__citizen=a).order_by("id").values_list("text", flat=True))
    assert texts == ["prima", "seconda", "risposta"]  # once each, in arrival order, one conversation
    reply_row = Message.objects.get(text="risposta")
    assert reply_row.reply_to == Message.objects.get(text="prima")
    conversation = Conversation.objects.get(citizen=a)
    assert conversation.unread_count == 3 and conversation.waiting_since is not None
    assert Citizen.objects.filter(municipality=number.municipality).count() == 3  # two new, one known
    b_conversation = Conversation.objects.get(messages__text="altra")
    assert b_conversation.messages.count() == 2 and b_conversation.unread_count == 2
    assert Attachment.objects.get(media_id="media-1").message.conversation == b_conversation
    earlier.refresh_from_db()
    assert earlier.messages.get().text == "di nuovo" and earlier.unread_count == 3
    assert ServiceWindow.objects.filter(account=number.account).count() == 3
    assert Identity.objects.get(citizen=a).masked.endswith("01")


def test_a_message_that_breaks_the_pipeline_is_retried_alone(number, pipeline):
    pipeline.SPORTELLO_INBOUND_PIPELINE = [*pipeline.SPORTELLO_INBOUND_PIPELINE[:-1], f"{__name__}.explode_on_poison",
                                           pipeline.SPORTELLO_INBOUND_PIPELINE[-1]]
    ids = _store(*(p.text_message(f"normale {n}", phone=f"39333100000{n}") for n in range(3)),
                 p.text_message("POISON", phone="393331000009"),
                 *(p.text_message(f"dopo {n}", phone=f"39333200000{n}") for n in range(3)))

    assert ingest.run_once() == len(ids)

    poison = InboundEvent.objects.get(pk=ids[3])
    assert poison.state == InboundEvent.State.PENDING and poison.attempts == 1 and "poison" in poison.problem
    assert not Message.objects.filter(text="POISON").exists()  # rolled back with its event, to be retried
    for text in [f"normale {n}" for n in range(3)] + [f"dopo {n}" for n in range(3)]:
        assert Message.objects.filter(text=text).count() == 1
    assert InboundEvent.objects.filter(state=InboundEvent.State.DONE).count() == len(ids) - 1


def explode_on_poison(ctx) -> None:  # type: ignore[no-untyped-def]
    if ctx.message is not None and ctx.message.text == "POISON":
        raise RuntimeError("poison message")


def test_consoles_hear_of_a_batch_once(number):
    batches: list[list] = []
    single: list[tuple] = []
    unsubscribe = events.subscribe(lambda *event: single.append(event), many=lambda batch: batches.append(list(batch)))
    try:
        _store(*(p.text_message(f"avviso {n}", phone=f"39333300000{n}") for n in range(5)))
        ingest.run_once()
    finally:
        unsubscribe()
    assert single == []
    created = [data["message"] for batch in batches for _m, kind, data in batch if kind == "message.created"]
    assert len(batches) == 1 and sorted(created) == sorted(Message.objects.values_list("pk", flat=True))


def test_a_batch_enqueues_its_downloads_together_once_it_commits(number, pipeline):
    from django_tasks_db.models import DBTaskResult

    pipeline.SPORTELLO_INBOUND_PIPELINE = [*pipeline.SPORTELLO_INBOUND_PIPELINE[:-1], f"{__name__}.explode_on_poison",
                                           pipeline.SPORTELLO_INBOUND_PIPELINE[-1]]
    _store(*(_image(f"39333500000{n}", f"media-b{n}") for n in range(4)), p.text_message("POISON", phone="393335000009"))
    with CaptureQueriesContext(connections["default"]) as queries:
        assert ingest.run_once() == 5
    # The first attempt (the whole batch) rolled back with the poison: its downloads were never enqueued. Retried
    # one by one, each image got its own, as before batching; no attachment got two.
    assert sorted(DBTaskResult.objects.values_list("args_kwargs__args", flat=True)) == sorted(
        [[pk] for pk in Attachment.objects.values_list("pk", flat=True)])
    assert all(r.task_path.endswith("download_attachment") for r in DBTaskResult.objects.all())

    DBTaskResult.objects.all().delete()
    _store(*(_image(f"39333600000{n}", f"media-c{n}") for n in range(4)))
    with CaptureQueriesContext(connections["default"]) as queries:
        assert ingest.run_once() == 4
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "django_tasks_database_dbtaskresult"')]
    assert len(inserts) == 1  # one INSERT for the batch's four downloads
    assert DBTaskResult.objects.count() == 4


def test_new_citizens_cost_a_bounded_number_of_queries(number, settings):
    settings.SPORTELLO_CONFIG_CACHE_SECONDS = 60  # as in production: configuration read once, not per message
    count = 40
    _store(*(p.text_message("Il lampione di via Roma è spento", phone=f"3933340{n:05d}") for n in range(count)))
    with CaptureQueriesContext(connections["default"]) as default:
        if "inbound" in connections.settings:
            with CaptureQueriesContext(connections["inbound"]) as inbound:
                assert ingest.run_once() == count
            queries = len(default) + len(inbound)
        else:
            assert ingest.run_once() == count
            queries = len(default)
    assert Message.objects.count() == count
    assert queries <= 12 * count, f"{queries / count:.1f} queries per message"
    assert queries <= 6 * count, f"{queries / count:.1f} queries per message (the batch path should need ~4)"


def test_two_identifiers_of_one_citizen_in_one_batch_share_the_conversation(number):
    both = p.text_message("col numero", phone="393330000077", bsuid="IT.77")
    _store(both)
    ingest.run_once()
    _store(p.text_message("solo numero", phone="393330000077"), p.text_message("solo id", phone="", bsuid="IT.77"))

    assert ingest.run_once() == 2

    assert Citizen.objects.filter(municipality=number.municipality).count() == 1
    conversation = Conversation.objects.get()
    assert list(conversation.messages.order_by("id").values_list("text", flat=True)) == [
        "col numero", "solo numero", "solo id"]
    assert conversation.unread_count == 3


def _closed_today(municipality) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from sportello.policies.models import Closure, OpeningInterval, ServicePolicy

    policy, _ = ServicePolicy.objects.get_or_create(municipality=municipality)
    OpeningInterval.objects.create(policy=policy, weekday=0, opens="09:00", closes="13:00")
    today = timezone.localdate()
    Closure.objects.create(policy=policy, name="Inventario", starts=today - timedelta(days=1),
                           ends=today + timedelta(days=1))


def test_out_of_hours_replies_in_a_batch_are_what_one_at_a_time_gives(number, settings):
    """New and known citizens write while the office is closed: each gets the closed reply once, the reply is
    recorded, audited and queued, and the conversation still waits for a person from the citizen's message."""
    from sportello.core.models import AuditEntry
    from sportello.policies.models import AutoReply

    settings.SPORTELLO_CONFIG_CACHE_SECONDS = 60
    _closed_today(number.municipality)
    _store(p.text_message("già scritto", phone="393335500000"))
    assert ingest.run_once(limit=1) == 1  # a known citizen, answered once already in this closure
    count = 30
    _store(*(p.text_message(f"Buonasera, domanda {n}", phone=f"3933355{n:05d}") for n in range(count)))
    with CaptureQueriesContext(connections["default"]) as queries:
        assert ingest.run_once() == count

    citizens = Citizen.objects.filter(municipality=number.municipality).count()
    assert citizens == count  # the first phone of the run is the known one
    assert AutoReply.objects.filter(kind="closed").count() == citizens  # one each, the known one not twice
    assert AutoReply.objects.filter(message__isnull=True).count() == 0
    replies = Message.objects.filter(direction="out")
    assert replies.count() == citizens and set(replies.values_list("status", flat=True)) == {"queued"}
    for conversation in Conversation.objects.all():
        inbound = conversation.messages.filter(direction="in").order_by("id")
        assert conversation.waiting_since == inbound.first().sent_at  # an automatic reply answers nobody
        assert conversation.last_message_at == max(conversation.messages.values_list("sent_at", flat=True))
    marked = sum(m.payload.get("policy", {}).get("auto_reply") == "closed" for m in Message.objects.filter(direction="in"))
    assert marked == citizens
    audited = set(AuditEntry.objects.filter(action="message.queued").values_list("target_id", flat=True))
    assert audited == {str(pk) for pk in replies.values_list("pk", flat=True)}
    assert len(queries) <= 6 * count, f"{len(queries) / count:.1f} queries per message out of hours"


def test_known_citizens_writing_again_cost_a_bounded_number_of_queries(number, settings):
    """The replies to an alert come from citizens the office knows: their conversations' earlier requests, their
    identities and their automatic replies are read once for the batch, not once per message. Known citizens who
    write after the office closed get the closed reply once, like new ones."""
    from sportello.cases.models import RoutingSuggestion
    from sportello.cases.seed import seed_departments
    from sportello.policies.models import AutoReply

    settings.SPORTELLO_CONFIG_CACHE_SECONDS = 60
    seed_departments(number.municipality)
    count = 30
    phones = [f"3933366{n:05d}" for n in range(count)]
    _store(*(p.text_message(f"Il lampione {n} di via Roma è spento", phone=phone) for n, phone in enumerate(phones)))
    assert ingest.run_once() == count  # office hours not configured: open, no automatic reply
    assert not AutoReply.objects.exists()
    _closed_today(number.municipality)
    _store(*(p.text_message(f"È ancora spento, numero {n}", phone=phone) for n, phone in enumerate(phones)))
    with CaptureQueriesContext(connections["default"]) as closed:
        assert ingest.run_once() == count

    assert AutoReply.objects.filter(kind="closed", message__isnull=False).count() == count
    assert Message.objects.filter(direction="out").count() == count
    for conversation in Conversation.objects.all():  # the reply's time, written when the run ended
        reply = conversation.messages.get(direction="out")
        assert conversation.last_message_at == reply.sent_at and conversation.waiting_since is not None
    second = RoutingSuggestion.objects.filter(message__text__startswith="È ancora").select_related("message")
    assert second.count() == count
    for suggestion in second:  # the request is both messages of the conversation
        texts = list(Message.objects.filter(pk__in=suggestion.message_ids).values_list("text", flat=True))
        assert len(texts) == 2 and suggestion.message.text in texts

    _store(*(p.text_message(f"Scrivo di nuovo, numero {n}", phone=phone) for n, phone in enumerate(phones)))
    with CaptureQueriesContext(connections["default"]) as again:
        assert ingest.run_once() == count
    assert AutoReply.objects.count() == count  # answered once in this closure, not again
    assert Message.objects.filter(direction="out").count() == count
    # A batch has a fixed cost of about 20 to 30 queries (claiming, the transaction, the console's event; more on
    # PostgreSQL, which also locks rows and notifies), and the first closed run also loads the office's hours and
    # closure; the replies' conversation times are written together when the run ends. One at a time, known
    # citizens cost 8.5 queries per message, and 11 for the first reply of a closure.
    assert len(closed) <= 2 * count, f"{len(closed) / count:.1f} queries per message, first run after closing"
    assert len(again) <= 2 * count, f"{len(again) / count:.1f} queries per message from known citizens"


def test_the_ingest_loop_loads_the_models_before_the_first_message():
    """`sportello worker` prepares the shipped models when it starts, not when an alert's replies arrive."""
    from sportello.conversations import ingest
    from sportello.learning.linear import shipped

    import gc

    from sportello.routing.matching import compile_units

    shipped.cache_clear()
    compile_units.cache_clear()
    threshold = gc.get_threshold()
    try:
        ingest.prepare()
        assert shipped.cache_info().currsize == 3
        assert shipped("moderation") is not None and shipped.cache_info().misses == 3
        # The routing catalogue's keywords are analysed once, for every municipality's index.
        assert compile_units.cache_info().currsize > 100
        # What was loaded is out of the collector's way, and young garbage is collected less often.
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold()[0] == ingest.GC_YOUNG_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
