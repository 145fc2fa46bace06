"""Issue 14: the Content-Security-Policy breaks nothing in a real browser: the console works live and no page
reports a violation."""

from __future__ import annotations

import os

import pytest

from sportello.conversations.models import Conversation
from tests.console.test_browser import PICTURE, sign_in
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_pages_run_under_the_policy_without_violations(chromium, world):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=world.sportello_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    try:
        make_staff("anna", world.municipality, first_name="Anna")
        sign_in(page, "anna")
        page.wait_for_selector("body[data-live='on']", state="attached")  # console.js ran and the live stream is open
        world.citizen_sends_media("+393471112233", "image", PICTURE, "image/png", caption="Buca in via Dante")
        world.settle()
        expect(page.locator(".conv-item", has_text="Buca in via Dante")).to_be_visible()  # arrived live
        conversation = Conversation.objects.get()
        page.goto(f"/conversazioni/{conversation.pk}/")
        image = page.locator("img[src*='/attachments/']").first
        expect(image).to_be_visible()
        assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 0  # the photo is displayed
        for path in ("/pratiche/", "/pratiche/mappa/", "/accesso/password-dimenticata/"):
            page.goto(path)
        assert violations == []
    finally:
        context.close()
