"""A pipeline run loads every known conversation's current request at once (`routing.request_histories`): the
messages the suggester reads must be those `request_messages` reads for each message on its own."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from sportello.cases import routing, services
from sportello.citizens.models import Citizen
from sportello.conversations.models import Conversation, Message

START = timezone.now() - timedelta(hours=2)


def _conversation(town, n: int) -> Conversation:  # type: ignore[no-untyped-def]
    citizen = Citizen.objects.create(municipality=town.municipality, display_name=f"Cittadino {n}")
    return Conversation.objects.create(municipality=town.municipality, account=town.municipality.accounts.first(),
                                       citizen=citizen)


def _say(conversation: Conversation, minute: int, text: str = "", *, kind: str = "text", hidden: bool = False,
         direction: str = "in") -> Message:
    return Message.objects.create(
        municipality_id=conversation.municipality_id, conversation=conversation, direction=direction, kind=kind,
        text=text or f"messaggio al minuto {minute}", sent_at=START + timedelta(minutes=minute),
        hidden_at=timezone.now() if hidden else None,
    )


def _case(town, conversation: Conversation, messages: list[Message], at_minute: int):  # type: ignore[no-untyped-def]
    case = services.open_case(department=town.department("strade"), title="Buca", conversation=conversation,
                              messages=messages, actor=town.urp, notify_citizen=False)
    type(case).objects.filter(pk=case.pk).update(created_at=START + timedelta(minutes=at_minute))
    return case


def test_the_run_reads_what_each_message_alone_reads(town):
    window = routing.conf.get("CASES_ROUTING_WINDOW")
    scenes: list[tuple[Conversation, Message]] = []

    plain = _conversation(town, 1)  # no case: every visible inbound text, the last window's worth
    for minute in range(window + 3):
        _say(plain, minute)
    _say(plain, 20, "risposta dell'ufficio", direction="out")
    scenes.append((plain, _say(plain, 30)))

    linked = _conversation(town, 2)  # a case took the first two: only what came after them
    first = [_say(linked, 0), _say(linked, 1)]
    _case(town, linked, first, at_minute=50)
    _say(linked, 2)  # sent before the case was opened, stored after its messages: still part of the new request
    _say(linked, 3, "via Roma 1", kind="location")
    _say(linked, 4, hidden=True)
    scenes.append((linked, _say(linked, 5)))

    opened = _conversation(town, 3)  # a case opened without messages: what was sent after it
    _say(opened, 0)
    _case(town, opened, [], at_minute=10)
    _say(opened, 11)
    scenes.append((opened, _say(opened, 12)))

    late = _conversation(town, 4)  # the run's message was sent before that case: not part of the request
    _say(late, 0)
    _case(town, late, [], at_minute=10)
    _say(late, 11)
    scenes.append((late, _say(late, 9)))

    quiet = _conversation(town, 5)  # the run's message is a location: the request stays as it was
    _say(quiet, 0)
    scenes.append((quiet, _say(quiet, 1, "piazza Garibaldi", kind="location")))

    hidden = _conversation(town, 6)  # the run's message was hidden by moderation before routing reads it
    _say(hidden, 0)
    scenes.append((hidden, _say(hidden, 1, hidden=True)))

    contexts = [SimpleNamespace(conversation=c, message=m) for c, m in scenes]
    histories = routing.request_histories(contexts)

    assert set(histories) == {c.pk for c, _m in scenes}
    for conversation, message in scenes:
        expected = [m.pk for m in routing.request_messages(conversation, upto=message)]
        assert [m.pk for m in histories[conversation.pk].with_message(message)] == expected, conversation.citizen
    assert len(histories[plain.pk].with_message(scenes[0][1])) == window
    assert [m.text for m in histories[linked.pk].with_message(scenes[1][1])] == [
        "messaggio al minuto 2", "messaggio al minuto 5"]
    assert histories[late.pk].with_message(scenes[3][1])[-1].text == "messaggio al minuto 11"


def test_the_run_costs_three_queries_whatever_its_size(town, django_assert_max_num_queries):
    scenes = []
    for n in range(12):
        conversation = _conversation(town, n)
        _say(conversation, 0)
        if n % 3 == 0:
            _case(town, conversation, [], at_minute=0)
        scenes.append(SimpleNamespace(conversation=conversation, message=_say(conversation, 1)))
    with django_assert_max_num_queries(3):
        histories = routing.request_histories(scenes)
    assert len(histories) == 12
