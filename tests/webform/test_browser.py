"""The web form in a real Chromium (Playwright), with and without JavaScript: accessible errors, submission,
tracking page with the office's reply; axe-core finds no WCAG 2.1 A/AA violation on the form, its error state
and the tracking page. Screenshots at 1366×768 and 390 px land in `screenshots/`."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser import screenshot
from tests.console.test_browser import check_accessibility
from tests.webform.conftest import PICTURE

# Playwright's sync API keeps an event loop on this thread (from the session's first browser test on); the ORM
# calls made by the tests themselves are safe (as in tests/console/test_browser.py).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Il semaforo di via Sonnino è spento da stamattina."


@pytest.fixture
def webform(world, settings):
    from sportello.connectors.webform.setup import ensure_webform

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = world.sportello_url
    return ensure_webform(world.municipality)


def _context(chromium, world, *, javascript: bool, for_axe: bool = True):  # type: ignore[no-untyped-def]
    """`for_axe`: the Content-Security-Policy is bypassed so the test can inject axe-core (an inline script);
    the map test keeps the policy on and checks that the page itself breaks none of it."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT",
                                   base_url=world.sportello_url, java_script_enabled=javascript, bypass_csp=for_axe)
    context.set_default_timeout(10_000)
    return context


def _fill(page, *, consent: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Argomento").select_option(label="Segnalazione di un problema")
    page.get_by_label("Messaggio").fill(MESSAGE)
    page.get_by_label("Indirizzo o luogo").fill("via Sonnino angolo via Dante")
    page.get_by_label("Indirizzo e-mail").fill("lucia@example.test")
    page.get_by_label("Nome e cognome (facoltativo)").fill("Lucia Serra")
    if consent:
        _consent(page)


def _consent(page) -> None:  # type: ignore[no-untyped-def]
    # Bootstrap Italia draws the box on the label, which takes the click as a person's would.
    page.locator("label[for=id_consent]").click()
    assert page.get_by_label("Dichiaro di aver letto l'informativa sulla privacy").is_checked()


def test_with_javascript_errors_are_announced_and_the_request_is_tracked(chromium, world, webform):
    from playwright.sync_api import expect

    from sportello.conversations import outbound
    from sportello.conversations.models import Conversation

    context = _context(chromium, world, javascript=True)
    page = context.new_page()
    try:
        page.goto("/assistenza/")
        expect(page.get_by_role("heading", name="Scriva all'URP")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "webform-1366")

        page.get_by_role("button", name="Invia la richiesta").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()  # the script moves focus to the summary, screen readers read it
        expect(summary.get_by_role("link")).to_have_text([
            "Scelga l'argomento della richiesta.", "Scriva il messaggio per l'ufficio.",
            "Indichi l'indirizzo e-mail a cui ricevere la risposta.",
            "Per inviare la richiesta deve dichiarare di aver letto l'informativa sulla privacy.",
        ])
        expect(page).to_have_title(re.compile(r"^Errore: "))
        expect(page.get_by_label("Indirizzo e-mail")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Indirizzo e-mail")).to_have_accessible_description(
            "La risposta dell'ufficio arriverà a questo indirizzo. "
            "Indichi l'indirizzo e-mail a cui ricevere la risposta.")
        check_accessibility(page)
        screenshot(page, "webform-errors-1366")
        summary.get_by_role("link", name="Scriva il messaggio per l'ufficio.").click()
        expect(page.get_by_label("Messaggio")).to_be_focused()

        _fill(page)
        page.get_by_label("Allegati (facoltativi)").set_input_files(
            files=[{"name": "semaforo.png", "mimeType": "image/png", "buffer": PICTURE}])
        page.get_by_role("button", name="Invia la richiesta").click()
        expect(page.get_by_role("heading", name="Richiesta inviata")).to_be_visible()
        expect(page.locator("#sent-notice")).to_be_focused()
        reference = re.search(r"W-\d{4}-\d{6}", page.locator("#sent-notice").inner_text()).group(0)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Richiesta {reference}")
        tracking_url = page.url.split("?")[0]

        world.settle()
        conversation = Conversation.objects.get(account=webform.account)
        assert MESSAGE in conversation.messages.first().text
        outbound.queue_text(conversation, "Buongiorno, abbiamo avvisato la Polizia locale e il servizio traffico.")
        world.settle()
        page.goto(tracking_url)
        expect(page.get_by_text("Risposta inviata", exact=True)).to_be_visible()
        expect(page.get_by_text("abbiamo avvisato la Polizia locale")).to_be_visible()
        expect(page.get_by_text(MESSAGE)).to_be_visible()
        check_accessibility(page)
        screenshot(page, "webform-tracking-1366")

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        screenshot(page, "webform-tracking-390")
        page.goto("/assistenza/")
        screenshot(page, "webform-390")
        page.get_by_role("button", name="Invia la richiesta").click()
        expect(page.locator("#error-summary")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "webform-errors-390")
    finally:
        context.close()


def test_without_javascript_the_same_form_works_as_a_plain_post(chromium, world, webform):
    from playwright.sync_api import expect

    from sportello.conversations.models import Conversation

    context = _context(chromium, world, javascript=False)
    page = context.new_page()
    try:
        page.goto("/assistenza/")
        _fill(page, consent=False)
        page.get_by_role("button", name="Invia la richiesta").click()
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("deve dichiarare di aver letto l'informativa sulla privacy")
        # Without the script the first field in error takes the focus (autofocus), and nothing typed is lost.
        expect(page.get_by_label("Dichiaro di aver letto l'informativa sulla privacy")).to_be_focused()
        expect(page.get_by_label("Messaggio")).to_have_value(MESSAGE)
        expect(page.get_by_label("Indirizzo e-mail")).to_have_value("lucia@example.test")
        expect(page.get_by_label("Argomento")).to_have_value("c0")
        expect(page.locator("#webform-map")).to_have_count(0)
        summary.scroll_into_view_if_needed()
        screenshot(page, "webform-nojs-errors-1366")

        _consent(page)
        page.get_by_role("button", name="Invia la richiesta").click()
        expect(page.get_by_role("heading", name="Richiesta inviata")).to_be_visible()
        expect(page.get_by_text("L'ufficio non ha ancora risposto.")).to_be_visible()
        world.settle()
        page.reload()
        expect(page.get_by_text("Ricevuta dall'ufficio", exact=True)).to_be_visible()
        assert Conversation.objects.filter(account=webform.account).count() == 1
    finally:
        context.close()


def test_with_a_tile_server_the_map_sets_the_place(chromium, world, webform, settings):
    """The map appears only when the office configured tiles; a click puts the pin and the coordinates go with
    the request. The tiles here come from Sportello itself (a missing image), never from a third party."""
    from playwright.sync_api import expect

    from sportello.conversations.models import Message

    settings.SPORTELLO_MAP_TILES_URL = world.sportello_url + "/static/tiles/{z}/{x}/{y}.png"
    context = _context(chromium, world, javascript=True, for_axe=False)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto("/assistenza/")
        map_region = page.get_by_role("region", name="Mappa per indicare il luogo")
        expect(map_region).to_be_visible()
        _fill(page)
        map_region.click(position={"x": 200, "y": 150})
        expect(page.locator("#webform-map-chosen")).to_contain_text("Punto indicato:")
        page.get_by_role("button", name="Invia la richiesta").click()
        expect(page.get_by_role("heading", name="Richiesta inviata")).to_be_visible()
        world.settle()
        location = Message.objects.get(kind="location")
        assert -90 <= location.payload["latitude"] <= 90 and location.payload["address"].startswith("via Sonnino")
        assert [m for m in refused if "webform" in m or "leaflet" in m.lower()] == [], refused
    finally:
        context.close()
