"""The console in a real Chromium (Playwright): live inbox, replies with ticks, closed window, 2FA, isolation.

Screenshots of the inbox and the conversation at 1366×768 and 390 px wide land in `screenshots/`.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from sportello.conversations.models import Conversation
from tests.browser import screenshot
from tests.console.conftest import PASSWORD, make_staff

# Playwright's sync API keeps an event loop on this thread; the ORM calls made by the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CITIZEN = "+393471112233"


def _png(width: int = 96, height: int = 64) -> bytes:
    """A real (decodable) picture, so the screenshots show a preview rather than a broken image."""
    import struct
    import zlib

    rows = b"".join(b"\x00" + b"".join(bytes((40 + x, 90 + y, 160)) for x in range(width)) for y in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PICTURE = _png()
OGG = b"OggS" + b"\x00" * 60


@pytest.fixture
def page(chromium, world):
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=world.sportello_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    page.goto("/accesso/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Entra").click()


def enrol_second_factor(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in as a supervisor or administrator and set up the TOTP second factor they are asked for."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    sign_in(page, username)
    expect(page).to_have_url(re.compile(r"/accesso/due-passaggi/"))
    device = TOTPDevice.objects.get(user__username=username)
    page.get_by_label("Codice di 6 cifre dall'app di autenticazione").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    page.get_by_role("button", name="Conferma").click()




def check_accessibility(page) -> None:
    """axe-core (vendored for tests only) on the current page: no WCAG 2.1 A/AA violations."""
    # Evaluated through the browser's DevTools protocol: the page's Content-Security-Policy refuses an inline <script>.
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == [], problems


def test_operator_sees_media_live_and_replies_with_text_and_pdf(page, world):
    from playwright.sync_api import expect

    make_staff("anna", world.municipality, first_name="Anna")
    sign_in(page, "anna")
    expect(page.get_by_role("heading", name="Seleziona una conversazione")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    page.wait_for_selector("body[data-live='on']", state="attached")

    world.citizen_sends_media(CITIZEN, "image", PICTURE, "image/png", caption="Buca in via Dante")
    world.settle()
    item = page.locator(".conv-item", has_text="Buca in via Dante")
    expect(item).to_be_visible()  # arrived live in the open inbox
    assert page.evaluate("window.__notReloaded") is True
    check_accessibility(page)
    screenshot(page, "inbox-1366")

    item.click()
    expect(page.locator("#message-list img")).to_be_visible()
    expect(page.locator("#message-list")).to_contain_text("Buca in via Dante")
    page.evaluate("window.__notReloaded = true")
    page.wait_for_selector("body[data-live='on']", state="attached")

    world.citizen_sends_media(CITIZEN, "audio", OGG, "audio/ogg", voice=True)
    world.settle()
    expect(page.locator("#message-list audio")).to_have_count(1)  # the voice note, live
    expect(page.locator("#message-list")).to_contain_text("Nota vocale")
    assert page.evaluate("window.__notReloaded") is True

    page.locator("#composer-text").fill("Grazie, segnaliamo la buca ai lavori pubblici.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".msg--out")).to_have_count(1)
    page.locator("#composer-file").set_input_files(
        files=[{"name": "modulo.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 modulo segnalazione"}]
    )
    page.locator("#composer-text").fill("Ecco il modulo")
    page.get_by_role("button", name="Invia", exact=True).click()
    expect(page.locator(".msg--out")).to_have_count(2)
    world.settle()

    inbox = world.inbox(CITIZEN)
    assert [(m["type"], m.get("status")) for m in inbox] == [("text", "delivered"), ("document", "delivered")], inbox
    expect(page.locator('.msg--out .ticks[data-status="delivered"]')).to_have_count(2)  # ticks, live
    expect(page.locator(".msg--out .msg-filename")).to_have_text("modulo.pdf")
    assert Conversation.objects.get().unread_count == 0
    check_accessibility(page)
    screenshot(page, "conversation-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#message-list audio")).to_have_count(1)
    screenshot(page, "conversation-390")
    page.goto("/")
    expect(page.locator(".conv-item")).to_have_count(1)
    screenshot(page, "inbox-390")

    page.keyboard.press("?")
    expect(page.get_by_role("heading", name="Scorciatoie da tastiera")).to_be_visible()


def test_closed_window_offers_templates_only(page, world):
    from playwright.sync_api import expect

    from sportello.connectors.whatsapp.models import MessageTemplate

    old = int(time.time()) - 30 * 3600
    world.citizen_sends_text(CITIZEN, "Messaggio di ieri l'altro", timestamp=old)
    world.settle()
    conversation = Conversation.objects.get()
    MessageTemplate.objects.create(account=conversation.account, name="risposta_urp", status="approved",
                                   body="Gentile {{1}}, la sua richiesta è stata presa in carico.")
    make_staff("anna", world.municipality)
    sign_in(page, "anna")
    page.goto(f"/conversazioni/{conversation.pk}/")
    expect(page.get_by_text("La finestra di 24 ore per rispondere liberamente è chiusa")).to_be_visible()
    expect(page.locator("#composer-form")).to_have_count(0)
    page.get_by_label("Modello approvato").select_option(label="risposta_urp (it, Servizio)")
    page.get_by_label("Valore del parametro 1").fill("Giulia")
    page.get_by_role("button", name="Invia il modello").click()
    expect(page.locator(".msg--out")).to_contain_text("Gentile Giulia")
    world.settle()
    assert [m["type"] for m in world.inbox(CITIZEN)] == ["template"]


def test_supervisor_is_sent_to_enrol_a_second_factor(page, world):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    make_staff("sara", world.municipality, role="supervisor")
    sign_in(page, "sara")
    expect(page).to_have_url(re.compile(r"/accesso/due-passaggi/"))
    expect(page.locator(".qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="sara")
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.get_by_label("Codice di 6 cifre dall'app di autenticazione").fill(code)
    page.get_by_role("button", name="Conferma").click()
    expect(page.get_by_role("heading", name="Seleziona una conversazione")).to_be_visible()
    assert TOTPDevice.objects.get(user__username="sara").confirmed


def test_operator_of_another_town_gets_404(page, world):
    from tests.conftest import make_number

    world.citizen_sends_text(CITIZEN, "Una richiesta")
    world.settle()
    conversation = Conversation.objects.get()
    elsewhere = make_number("5566778899001", slug="nuoro").account.municipality
    make_staff("nadia", elsewhere)
    sign_in(page, "nadia")
    response = page.goto(f"/conversazioni/{conversation.pk}/")
    assert response.status == 404
    assert page.request.get(f"/conversazioni/{conversation.pk}/messaggi/").status == 404


def test_two_operators_see_each_other_and_each_others_replies(chromium, page, world):
    from playwright.sync_api import expect

    world.citizen_sends_text(CITIZEN, "Chi mi risponde?")
    world.settle()
    conversation = Conversation.objects.get()
    make_staff("anna", world.municipality, first_name="Anna")
    make_staff("bruno", world.municipality, first_name="Bruno")
    other_context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT",
                                         base_url=world.sportello_url)
    other_context.set_default_timeout(10_000)
    bruno = other_context.new_page()
    try:
        sign_in(bruno, "bruno")
        bruno.goto(f"/conversazioni/{conversation.pk}/")
        bruno.wait_for_selector("body[data-live='on']", state="attached")
        sign_in(page, "anna")
        page.goto(f"/conversazioni/{conversation.pk}/")
        expect(bruno.locator("#presence")).to_contain_text("Anna sta guardando")
        page.locator("#composer-text").fill("Rispondo io, Bruno.")
        page.keyboard.press("Control+Enter")
        expect(bruno.locator(".msg--out")).to_contain_text("Rispondo io, Bruno.")  # live on the colleague's screen
        bruno.get_by_role("button", name="Prendi in carico").click()
        expect(page.locator("#assignee-name")).to_have_text("Bruno")  # assignment, live on Anna's screen
    finally:
        other_context.close()
