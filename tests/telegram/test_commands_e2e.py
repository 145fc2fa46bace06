"""/start and /stop on a preset with lists (Ancona: «notizie» under a consent policy, ISCRIVIMI and STOP)."""

from __future__ import annotations

import pytest

from sportello.broadcasts.models import Subscription
from sportello.conversations.models import Message
from sportello.policies.presets import apply_preset

pytestmark = pytest.mark.django_db(transaction=True)

USER = "@marco_serra"


def test_start_welcomes_start_tag_joins_and_stop_leaves(world):
    apply_preset("ancona", world.municipality)

    # Opening the bot: a system message, no operator waiting, and the welcome.
    world.telegram_user_sends_text(USER, "/start")
    world.settle()
    started = Message.objects.get(direction="in")
    assert (started.kind, started.payload["type"]) == ("system", "bot_started")
    assert started.text == "Ha avviato la chat con il bot (/start)."
    assert started.conversation.waiting_since is None
    inbox = world.telegram_inbox(USER)
    assert len(inbox) == 1
    assert inbox[0]["text"].startswith("Benvenuto nel canale Telegram dell'Ufficio relazioni con il pubblico del Comune di Ancona!")
    assert inbox[0]["text"].endswith("Per non ricevere più messaggi scrivi /stop.")

    # A t.me/<bot>?start=notizie link: the subscribe command with the list's tag, so the consent question follows.
    world.telegram_user_sends_text(USER, "/start notizie")
    world.settle()
    command = Message.objects.get(direction="in", payload__isnull=False, text__startswith="ISCRIVIMI")
    assert command.text == "ISCRIVIMI #notizie"
    assert command.payload["bot_command"] == {"command": "start", "argument": "notizie"}
    assert command.payload["policy"]["outcome"] == "consent_requested"
    question = world.telegram_inbox(USER)[-1]
    assert [[b["text"] for b in row] for row in question["buttons"]] == [["Accetto"], ["Non accetto"]]
    accept = question["buttons"][0][0]["data"]
    world.telegram_user_taps(USER, question["message_id"], accept)
    world.settle()
    subscription = Subscription.objects.get()
    assert (subscription.mailing_list.slug, subscription.active) == ("notizie", True)
    assert subscription.citizen == command.conversation.citizen

    # /stop is STOP: every list is left.
    world.telegram_user_sends_text(USER, "/stop")
    world.settle()
    subscription.refresh_from_db()
    assert subscription.active is False and subscription.unsubscribed_at is not None
    stop = Message.objects.filter(direction="in").order_by("-id").first()
    assert (stop.text, stop.payload["policy"]["outcome"]) == ("STOP", "unsubscribed")
    assert world.telegram_inbox(USER)[-1]["text"].startswith("Fatto: l'iscrizione alla lista «Notizie e avvisi del Comune»")


def test_other_commands_reach_the_operators_as_written(world):
    world.telegram_user_sends_text(USER, "/orari")
    world.settle()
    message = Message.objects.get(direction="in")
    assert (message.kind, message.text) == ("text", "/orari")
    assert message.conversation.waiting_since is not None
