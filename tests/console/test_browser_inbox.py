"""The inbox in a real Chromium: new-message notifications (tab title, sound toggle, desktop notification), labels
added and filtered, the citizen page; axe-core on each; screenshots at 1366×768 and 390 px in `screenshots/`:
notifications-1366/390, inbox-labels-1366/390, conversation-labels-1366/390, citizen-1366/390, labels-1366/390.
"""

from __future__ import annotations

import os
import re

import pytest

from sportello.console.models import ConversationLabel, Label
from sportello.conversations.models import Conversation
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, enrol_second_factor, sign_in
from tests.console.test_browser import page  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN = "+393471112233"
NEIGHBOUR = "+393471119999"

# The page's own Notification is wrapped so the test sees what was shown (an init script runs before the page's
# scripts and is allowed under the page's CSP). Each notification is also listed in a hidden DOM list.
NOTIFICATION_HOOK = """
(() => {
  const Real = window.Notification;
  if (!Real) return;
  function Hooked(title, options) {
    const item = document.createElement("li");
    item.dataset.title = title;
    item.textContent = (options && options.body) || "";
    let list = document.getElementById("test-notifications");
    if (!list) { list = document.createElement("ul"); list.id = "test-notifications"; list.hidden = true;
                 document.body.appendChild(list); }
    list.appendChild(item);
    return new Real(title, options);
  }
  Object.defineProperty(Hooked, "permission", { get: () => Real.permission });
  Hooked.requestPermission = (cb) => Real.requestPermission(cb);
  window.Notification = Hooked;
})();
"""


def _enrol(page, username: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    enrol_second_factor(page, username)
    expect(page.get_by_role("link", name="Conversazioni", exact=True)).to_be_visible()


def test_new_message_updates_the_title_and_shows_a_desktop_notification(chromium, world):
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT",
                                   base_url=world.sportello_url, permissions=["notifications"])
    context.set_default_timeout(10_000)
    context.add_init_script(NOTIFICATION_HOOK)
    page = context.new_page()
    try:
        make_staff("anna", world.municipality, first_name="Anna")
        sign_in(page, "anna")
        expect(page.get_by_role("heading", name="Seleziona una conversazione")).to_be_visible()
        page.wait_for_selector("body[data-live='on']", state="attached")
        page.wait_for_selector("html[data-unread='0']", state="attached")
        base_title = page.title()
        assert not base_title.startswith("(")
        # permission already granted: no button to ask for it, a sentence that says so
        expect(page.locator("#notify-desktop")).to_be_hidden()
        expect(page.locator("#notify-desktop-state")).to_have_text("Notifiche sul desktop attive.")
        # the sound is off until the user turns it on, and the choice is remembered
        sound = page.get_by_label("Suono per i nuovi messaggi")
        expect(sound).not_to_be_checked()
        sound.check()
        assert page.evaluate("localStorage.getItem('sportello.sound')") == "on"
        page.reload()
        page.wait_for_selector("body[data-live='on']", state="attached")
        page.wait_for_selector("html[data-unread='0']", state="attached")
        expect(page.get_by_label("Suono per i nuovi messaggi")).to_be_checked()

        world.citizen_sends_text(CITIZEN, "Buongiorno, quando apre l'ufficio tributi?")
        world.settle()
        expect(page.locator(".conv-item", has_text="ufficio tributi")).to_be_visible()
        expect(page).to_have_title(re.compile(r"^\(1\) "))
        notified = page.locator("#test-notifications li")
        expect(notified).to_have_count(1)
        expect(notified).to_have_text("Nuovo messaggio su WhatsApp")
        citizen = Conversation.objects.get().citizen
        assert notified.get_attribute("data-title") == (citizen.display_name or citizen.masked_label)
        assert "tributi" not in (notified.get_attribute("data-title") or "")  # never the message text

        world.citizen_sends_text(NEIGHBOUR, "Salve, una domanda sui rifiuti")
        world.settle()
        expect(page).to_have_title(re.compile(r"^\(2\) "))
        expect(notified).to_have_count(2)
        check_accessibility(page)
        screenshot(page, "notifications-1366")
        page.set_viewport_size({"width": 390, "height": 844})
        expect(page).to_have_title(re.compile(r"^\(2\) "))
        check_accessibility(page)
        screenshot(page, "notifications-390")
        page.set_viewport_size({"width": 1366, "height": 768})

        # reading a conversation takes it off the counter
        page.locator(".conv-item", has_text="ufficio tributi").click()
        expect(page.locator("#message-list")).to_contain_text("ufficio tributi")
        expect(page).to_have_title(re.compile(r"^\(1\) "))
    finally:
        context.close()


def test_labels_added_and_filtered_and_the_citizen_page(page, world):  # noqa: F811
    from playwright.sync_api import expect

    town = world.municipality
    make_staff("sara", town, role="supervisor", first_name="Sara")
    world.citizen_sends_text(CITIZEN, "Il cassonetto in via Roma è pieno da giorni")
    world.citizen_sends_text(NEIGHBOUR, "Vorrei un certificato di residenza")
    world.settle()
    _enrol(page, "sara")

    page.goto("/etichette/")
    expect(page.get_by_role("heading", name="Etichette", exact=True)).to_be_visible()
    page.get_by_label("Nome", exact=True).fill("Rifiuti")
    page.get_by_label("Colore", exact=True).select_option("verde")
    page.get_by_role("button", name="Crea l'etichetta").click()
    expect(page.locator(".labels-table .label-chip--verde")).to_have_text("Rifiuti")
    page.locator("#label-name").fill("Anagrafe")
    page.locator("#label-colour").select_option("viola")
    page.get_by_role("button", name="Crea l'etichetta").click()
    expect(page.locator(".labels-table .label-chip")).to_have_count(2)
    check_accessibility(page)
    screenshot(page, "labels-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_horizontal_overflow(page)
    check_accessibility(page)
    screenshot(page, "labels-390")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto("/")
    page.locator(".conv-item", has_text="cassonetto").click()
    page.wait_for_selector("body[data-live='on']", state="attached")
    labels = page.locator("#conversation-labels")
    labels.get_by_label("Aggiungi un'etichetta").select_option(label="Rifiuti")
    labels.get_by_role("button", name="Aggiungi").click()
    expect(labels.locator(".label-chip--verde")).to_contain_text("Rifiuti")
    labels.get_by_label("Aggiungi un'etichetta").select_option(label="Anagrafe")
    labels.get_by_role("button", name="Aggiungi").click()
    expect(labels.locator(".label-chip")).to_have_count(2)
    labels.get_by_role("button", name="Togli l'etichetta Anagrafe").click()
    expect(labels.locator(".label-chip")).to_have_count(1)
    assert list(ConversationLabel.objects.values_list("label__name", flat=True)) == ["Rifiuti"]
    # the list beside it shows the label on the row (live, through the conversation.updated event)
    expect(page.locator(".conv-item", has_text="cassonetto").locator(".label-chip--verde")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "conversation-labels-1366")

    page.goto("/")
    page.get_by_label("Etichetta", exact=True).select_option(label="Rifiuti")
    expect(page.locator(".conv-item")).to_have_count(1)
    expect(page.locator(".conv-item")).to_contain_text("cassonetto")
    expect(page).to_have_url(re.compile(rf"etichetta={Label.objects.get(name='Rifiuti').pk}"))
    check_accessibility(page)
    screenshot(page, "inbox-labels-1366")

    page.locator(".conv-item", has_text="cassonetto").click()
    page.get_by_role("link", name="Scheda del cittadino").click()
    expect(page.get_by_role("heading", name="Conversazioni")).to_be_visible()
    expect(page.get_by_role("heading", name="Storico della moderazione")).to_be_visible()
    expect(page.locator(".citizen-page")).to_contain_text("Rifiuti")
    expect(page.get_by_role("link", name=re.compile("Diritti dell'interessato"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "citizen-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _no_horizontal_overflow(page)
    check_accessibility(page)
    screenshot(page, "citizen-390")
    page.goto(f"/?etichetta={Label.objects.get(name='Rifiuti').pk}")
    _no_horizontal_overflow(page)
    check_accessibility(page)
    screenshot(page, "inbox-labels-390")
    page.locator(".conv-item", has_text="cassonetto").click()
    expect(page.locator("#conversation-labels .label-chip--verde")).to_have_count(1)
    _no_horizontal_overflow(page)
    check_accessibility(page)
    screenshot(page, "conversation-labels-390")


def _no_horizontal_overflow(page) -> None:  # type: ignore[no-untyped-def]
    """At 390 px nothing is cut off: no badge or label sticks out of the window or of its row."""
    wide = page.evaluate(
        "() => Array.from(document.querySelectorAll('.badge, .label-chip, .conv-meta, .conversation-head, h1'))"
        ".filter(el => el.offsetParent !== null)"
        ".filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(el => el.className + ': ' + el.textContent.trim().slice(0, 40))"
    )
    assert wide == [], wide


def test_the_list_follows_new_messages_row_by_row(page, world):  # noqa: F811
    """Under a stream of messages the list is not rebuilt: the rows of the conversations that changed come from
    the server with the whole list's order, and the rows already shown are moved into place."""
    from playwright.sync_api import expect

    world.citizen_sends_text(CITIZEN, "Prima domanda sui tributi")
    world.settle()
    world.citizen_sends_text(NEIGHBOUR, "Una domanda sui rifiuti")
    world.settle()
    make_staff("anna", world.municipality, first_name="Anna")
    sign_in(page, "anna")
    page.goto("/?ordine=recenti")
    page.wait_for_selector("body[data-live='on']", state="attached")
    items = page.locator("#conversation-list .conv-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("rifiuti")

    world.citizen_sends_text(CITIZEN, "Seconda domanda, sempre sui tributi")  # the first refresh: the whole list
    world.settle()
    expect(items.first).to_contain_text("Seconda domanda")
    page.evaluate("document.getElementById('conversation-list').dataset.kept = 'yes'")

    world.citizen_sends_text(NEIGHBOUR, "Ancora sui rifiuti")
    world.settle()
    expect(items.first).to_contain_text("Ancora sui rifiuti")  # its preview updated, moved to the top
    world.citizen_sends_text("+393471115555", "Scrivo per la prima volta")
    world.settle()
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("prima volta")  # a conversation new to the list comes in at its place
    previews = page.locator("#conversation-list .conv-preview").all_inner_texts()
    assert ["prima volta" in previews[0], "Ancora sui rifiuti" in previews[1], "Seconda domanda" in previews[2]] == [
        True, True, True]
    expect(page.locator(".list-count")).to_contain_text("3 conversazioni")
    assert page.evaluate("document.getElementById('conversation-list').dataset.kept") == "yes"  # merged, not replaced
