"""The phone page's Telegram tab in a real Chromium: a user starts the bot, writes, gets the office's buttons and
taps one; each step reaches Sportello through the webhook. Screenshot: screenshots/sandbox-telegram.png."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from sportello.conversations import outbound
from sportello.conversations.models import Message
from tests.browser import screenshot

# Playwright's sync API keeps an event loop on this thread; the ORM calls made by the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_telegram_tab_start_write_and_tap(chromium, world):
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{world.sandbox.base_url}/sandbox/")
        page.get_by_role("link", name="Telegram").click()
        expect(page.get_by_role("heading", name="Sandbox Telegram")).to_be_visible()
        expect(page.locator("#bot-webhook")).to_contain_text("Webhook impostato")

        page.get_by_label("Nome e cognome").fill("Giulia Pala")
        page.get_by_label("Nome utente (facoltativo)").fill("giulia_pala")
        page.get_by_role("button", name="Crea e avvia il bot (/start)").click()
        expect(page.locator("#status-line")).to_have_text("Update consegnato a Sportello.")
        world.settle()
        expect(page.locator("#messages")).to_contain_text("Benvenuto nel canale Telegram")

        page.get_by_role("textbox", name="Messaggio").fill("C'è una buca in via Dante")
        page.get_by_role("button", name="Invia il messaggio").click()
        expect(page.locator("#status-line")).to_have_text("Update consegnato a Sportello.")
        world.settle()
        question = Message.objects.get(direction="in", text="C'è una buca in via Dante")

        interactive = {"type": "button", "body": {"text": "Vuole aprire una segnalazione?"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "report:yes", "title": "Sì, apritela"}},
            {"type": "reply", "reply": {"id": "report:no", "title": "No"}},
        ]}}
        outbound.queue_message(question.conversation, "interactive", payload={"interactive": interactive})
        world.settle()
        button = page.get_by_role("button", name="Sì, apritela")
        expect(button).to_be_visible()
        screenshot(page, "sandbox-telegram")
        button.click()
        expect(page.locator("#status-line")).to_have_text("Update consegnato a Sportello.")
        world.settle()
        answer = Message.objects.get(direction="in", kind="interactive")
        assert (answer.payload["id"], answer.text) == ("report:yes", "Sì, apritela")
    finally:
        page.close()
