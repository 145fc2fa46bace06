"""Helpers for the policies tests: a movable clock for the 24-hour window, and sending at a local time.

Policies decide on the time the citizen sent the message (the webhook timestamp). Tests send messages on
fixed past dates (a holiday, a patron saint's day, August) so they are deterministic; `clock` makes both
Sportello's and the sandbox's 24-hour-window checks read "a minute after that message", so the automatic
replies can go out. Nothing else is patched: the policy code never reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

ROME = ZoneInfo("Europe/Rome")


@dataclass
class Clock:
    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        return timezone.now() - self.offset

    def sent_at(self, local: datetime) -> int:
        """Move the world's clock to one minute after `local` (Rome time); returns its unix timestamp."""
        aware = local.replace(tzinfo=ROME)
        self.offset = timezone.now() - (aware + timedelta(minutes=1))
        return int(aware.timestamp())


@pytest.fixture
def clock(monkeypatch):
    from sportello.connectors.whatsapp import window
    from sportello.connectors.whatsapp.connector import WhatsAppConnector
    from sportello.sandbox import rules, simulator

    state = Clock()
    monkeypatch.setattr(
        WhatsAppConnector, "check_send",
        lambda self, account, citizen, kind: window.check(account.pk, citizen.pk, kind, now=state.now()),
    )
    monkeypatch.setattr(
        simulator, "window_open", lambda conv, now: rules.window_open(conv, now - state.offset.total_seconds())
    )
    return state


class Phone:
    """One citizen's phone in the world: send at a local time, read what arrived since the last look."""

    def __init__(self, world, clock: Clock, number: str):
        self.world, self.clock, self.number = world, clock, number
        self.seen = 0

    def says(self, text: str, at: datetime) -> None:
        self.world.citizen_sends_text(self.number, text, timestamp=self.clock.sent_at(at))
        self.world.settle()

    def taps(self, title: str, at: datetime) -> None:
        button = next(b for b in reversed(self.all_buttons()) if b["title"] == title)
        self.world.citizen_sends(
            self.number, type="interactive", interactive={"type": "button_reply", "button_reply": button},
            timestamp=self.clock.sent_at(at),
        )
        self.world.settle()

    def all_buttons(self) -> list[dict]:
        return [b for m in self.world.inbox(self.number) for b in m.get("buttons", [])]

    def new(self) -> list[dict]:
        """Messages received since the last call."""
        inbox = self.world.inbox(self.number)
        fresh, self.seen = inbox[self.seen :], len(inbox)
        return fresh

    def new_texts(self) -> list[str]:
        return [m.get("text") or "" for m in self.new()]


@pytest.fixture
def phone(world, clock):
    def make(number: str) -> Phone:
        return Phone(world, clock, number)

    return make
