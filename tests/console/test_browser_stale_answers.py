"""The console never lets a slow, older answer undo a newer one (real Chromium, answers held back by Playwright).

The live console asks the server again whenever an event names the open conversation. On a busy server an answer
asked earlier can come back after one asked later: a message as it was before its attachment arrived, the details
box as it was before the operator's own change. Each test holds such an answer back, lets the newer one through,
then releases the old one and checks the page still shows the newer state.
"""

from __future__ import annotations

import os
import re

import pytest

from sportello.console import labels
from sportello.console.models import Label
from sportello.conversations.models import Conversation
from tests.console.test_browser import OGG, page, sign_in  # noqa: F401  (page: fixture)
from tests.conftest import run_tasks
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN = "+393471112244"
NEIGHBOUR = "+393471119988"
SETTLE_MS = 800  # time for the page to apply an answer it has received (nothing else is in flight by then)


def wait_until(page, condition, timeout_ms: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    """Route handlers run while the test is inside a Playwright call: wait in small steps until `condition()`."""
    waited = 0
    while not condition():
        assert waited < timeout_ms, "the console did not ask the server in time"
        page.wait_for_timeout(50)
        waited += 50


def hold_first(page, url: str, wanted=lambda request: True) -> list:  # type: ignore[no-untyped-def]
    """Hold back the first wanted request to `url` (a regular expression): its answer is fetched now, as the server
    gives it at this moment, and kept as (route, response) in the returned list until the test fulfils it."""
    held: list = []

    def handle(route):  # type: ignore[no-untyped-def]
        if not held and wanted(route.request):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(url), handle)
    return held


def open_conversation(page, world, text: str) -> Conversation:  # type: ignore[no-untyped-def]
    world.citizen_sends_text(CITIZEN, text)
    world.settle()
    conversation = Conversation.objects.get()
    sign_in(page, "anna")
    page.wait_for_selector("body[data-live='on']", state="attached")
    page.goto(f"/conversazioni/{conversation.pk}/")
    page.wait_for_selector("body[data-live='on']", state="attached")
    return conversation


def test_a_message_fetched_before_its_attachment_arrived_does_not_replace_it(page, world):
    from playwright.sync_api import expect

    from sportello.conversations import ingest

    make_staff("anna", world.municipality, first_name="Anna")
    open_conversation(page, world, "Vi mando una nota vocale")
    # The first new-messages answer: the message as it is then, its voice note still downloading.
    held = hold_first(page, r"/messaggi/\?", lambda request: "after=" in request.url)
    world.citizen_sends_media(CITIZEN, "audio", OGG, "audio/ogg", voice=True)
    ingest.drain()  # stored, its download queued: "message.created", and the console asks for it
    wait_until(page, lambda: held)
    route, stale = held[0]
    assert "download in corso" in stale.text()

    with page.expect_response(lambda response: "ids=" in response.url):
        run_tasks()  # the voice note downloaded: "message.updated", and the console asks for that message
    page.wait_for_timeout(SETTLE_MS)
    route.fulfill(response=stale)  # the older answer arrives last
    page.wait_for_timeout(SETTLE_MS)
    expect(page.locator("#message-list audio")).to_have_count(1)
    expect(page.locator("#message-list")).not_to_contain_text("download in corso")


def test_a_refresh_asked_before_the_operators_change_does_not_undo_it(page, world):
    from playwright.sync_api import expect

    town = world.municipality
    make_staff("anna", town, first_name="Anna")
    colleague = make_staff("bruno", town, first_name="Bruno")
    waste = Label.objects.create(municipality=town, name="Rifiuti", colour="verde")
    registry = Label.objects.create(municipality=town, name="Anagrafe", colour="viola")
    conversation = open_conversation(page, world, "Il cassonetto in via Roma è pieno da giorni")
    held = hold_first(page, r"/dettagli/$", lambda request: request.method == "GET")  # the colleague's label only
    labels.add_label(conversation, registry, colleague)  # a colleague's change: the console asks for the box
    wait_until(page, lambda: held)
    route, stale = held[0]

    box = page.locator("#conversation-labels")
    box.get_by_label("Aggiungi un'etichetta").select_option(label="Rifiuti")
    box.get_by_role("button", name="Aggiungi").click()
    expect(box.locator(".label-chip")).to_have_count(2)  # the operator's own change, as the server answered it
    page.wait_for_timeout(SETTLE_MS)
    route.fulfill(response=stale)  # the refresh asked before it arrives last
    page.wait_for_timeout(SETTLE_MS)
    expect(box.locator(".label-chip")).to_have_count(2)
    expect(box.locator(".label-chip--verde")).to_contain_text(waste.name)


def test_a_list_refresh_asked_before_new_filters_does_not_bring_back_the_old_ones(page, world):
    from playwright.sync_api import expect

    town = world.municipality
    make_staff("anna", town, first_name="Anna")
    waste = Label.objects.create(municipality=town, name="Rifiuti", colour="verde")
    conversation = open_conversation(page, world, "Il cassonetto in via Roma è pieno da giorni")
    labels.add_label(conversation, waste, make_staff("bruno", town))
    world.citizen_sends_text(NEIGHBOUR, "Vorrei un certificato di residenza")
    world.settle()
    page.goto("/")
    page.wait_for_selector("body[data-live='on']", state="attached")
    expect(page.locator(".conv-item")).to_have_count(2)
    held = hold_first(page, r"/conversazioni/\?")  # both conversations: the list as it is without filters
    world.citizen_sends_text(NEIGHBOUR, "Anche per mia figlia, grazie")
    world.settle()  # "message.created": the console asks for the neighbour's row
    wait_until(page, lambda: held)
    route, stale = held[0]

    page.get_by_label("Etichetta", exact=True).select_option(label="Rifiuti")
    expect(page.locator(".conv-item")).to_have_count(1)  # the operator's filter, as the server answered it
    page.wait_for_timeout(SETTLE_MS)
    route.fulfill(response=stale)  # the refresh asked before it arrives last
    page.wait_for_timeout(SETTLE_MS)
    expect(page.locator(".conv-item")).to_have_count(1)
    expect(page.locator(".conv-item")).to_contain_text("cassonetto")
