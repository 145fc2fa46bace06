"""The campaign composer in a real Chromium: a supervisor writes a draft (the template part appears once the
audience needs it), edits the draft again, submits it; a second supervisor approves and starts it; the live
progress bar reaches 100 % while the sender delivers through the sandbox; then the report. axe-core finds no
WCAG 2.1 A/AA violation. Screenshots: `campaign-composer-*`, `campaign-preview-*`, `campaign-progress-*`,
`campaign-report-*`, `campaigns-list-*` (1366, 390) and `campaign-edit-1366`."""

from __future__ import annotations

import os
import re
import threading

import pytest

from sportello.broadcasts import sender, services
from sportello.broadcasts.models import Campaign, Delivery, MailingList
from tests.broadcasts import helpers as h
# Not `chromium` itself: imported here it would be a second session fixture, and a second Playwright driver on
# this thread fails when the shared one (tests/conftest.py) is already running.
from tests.browser import htmx_settled, launch, screenshot
from tests.console.test_browser import check_accessibility, enrol_second_factor
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WROTE = ["+393490000001", "+393490000002"]  # wrote today: the free form
SILENT = ["+393490000003", "+393490000004", "+393490000005", "+393490000006"]  # the template


@pytest.fixture
def browser(request):  # type: ignore[no-untyped-def]
    """A Chromium for this test only, so that no Playwright event loop is left on the main thread for the tests
    that run after it (the campaign sender runs asyncio there); the session-wide one if it is already running."""
    import asyncio

    from playwright.sync_api import sync_playwright

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        with sync_playwright() as playwright:
            own = launch(playwright)
            yield own
            own.close()
        return
    yield request.getfixturevalue("chromium")


@pytest.fixture
def page(browser, world):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=world.sportello_url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _enrol(page, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in and set up the second factor, required of supervisors."""
    from playwright.sync_api import expect

    enrol_second_factor(page, username)
    expect(page.get_by_role("link", name="Campagne", exact=True)).to_be_visible()


def _tick(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Bootstrap Italia draws checkboxes and radios on their label: click it, as a person does."""
    from playwright.sync_api import expect

    box = page.get_by_label(label)
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()


def _both_sizes(page, name: str) -> None:  # type: ignore[no-untyped-def]
    check_accessibility(page)
    screenshot(page, f"{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_composer_to_approval_live_progress_and_report(page, world, browser, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect

    monkeypatch.setattr(services, "APPROVAL_THRESHOLD", 1)  # so that a second supervisor must approve
    town = world.municipality
    h.unlimited(world.number)
    world.number.throughput_per_second = 2  # slow enough to watch the bar move
    world.number.save()
    for phone in WROTE:
        world.citizen_sends_text(phone, "Buongiorno, vorrei gli avvisi")
    world.settle()
    alerts = MailingList.objects.create(municipality=town, slug="allerte", name="Allerte meteo")
    for phone in WROTE + SILENT:
        h.subscribe(alerts, h.citizen(town, phone))
    h.template(town)
    make_staff("carla", town, role="supervisor", first_name="Carla")
    make_staff("sara", town, role="supervisor", first_name="Sara")

    _enrol(page, "carla")
    page.get_by_role("link", name="Campagne", exact=True).click()
    expect(page.get_by_role("heading", name="Campagne")).to_be_visible()
    page.get_by_role("link", name="Nuova campagna").click()
    expect(page.get_by_role("heading", name=re.compile("^Nuova campagna"))).to_be_visible()
    expect(page.locator("#template-part select")).to_have_count(0)
    _tick(page, "Allerte meteo")
    template_choice = page.get_by_label("Modello approvato")
    expect(template_choice).to_be_visible()  # WhatsApp subscribers with closed windows: a template is asked
    htmx_settled(page)
    template_choice.select_option(label="allerta_urp (it) · Servizio")
    htmx_settled(page)
    expect(page.get_by_label("Parametro {{2}}")).to_be_visible()
    page.get_by_label("Parametro {{1}}").fill("{comune}")
    page.get_by_label("Parametro {{2}}").fill("{testo}")
    page.get_by_label("Titolo", exact=True).fill("Allerta neve")
    _tick(page, "Pubblica utilità")
    page.get_by_label("Testo", exact=True).fill("Domani scuole chiuse per neve. Prudenza alla guida.")
    page.get_by_label("Collegamento").fill("https://comune.example/neve")
    _both_sizes(page, "campaign-composer")
    page.get_by_role("button", name="Salva la bozza e vedi l'anteprima").click()

    expect(page.get_by_role("heading", name="Allerta neve")).to_be_visible()
    previews = page.locator(".campaign-preview")
    expect(previews.filter(has_text="chi ha scritto nelle ultime 24 ore")).to_contain_text(
        "Domani scuole chiuse per neve. Prudenza alla guida.")
    expect(previews.filter(has_text="tutti gli altri")).to_contain_text(
        f"Comunicazione del {town.name}: Domani scuole chiuse per neve.")
    expect(page.get_by_role("table", name=re.compile("Destinatari, ritmo di invio"))).to_contain_text("WhatsApp")
    _both_sizes(page, "campaign-preview")
    page.get_by_role("link", name="Modifica la bozza").click()  # the draft comes back as it was written
    expect(page.get_by_label("Titolo", exact=True)).to_have_value("Allerta neve")
    htmx_settled(page)
    expect(page.get_by_label("Parametro {{2}}")).to_have_value("{testo}")
    check_accessibility(page)
    screenshot(page, "campaign-edit-1366")
    page.get_by_role("button", name="Salva la bozza e vedi l'anteprima").click()
    expect(page.get_by_role("status")).to_contain_text("Bozza salvata.")
    expect(previews.filter(has_text="tutti gli altri")).to_contain_text(
        f"Comunicazione del {town.name}: Domani scuole chiuse per neve.")
    page.get_by_role("button", name="Chiedi l'approvazione").click()
    expect(page.locator(".campaigns-title .campaign-state")).to_have_text("In attesa di approvazione")
    expect(page.get_by_role("button", name="Approva")).to_have_count(0)  # the author cannot approve her own
    campaign = Campaign.objects.get()

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=world.sportello_url)
    context.set_default_timeout(10_000)
    second = context.new_page()
    try:
        _enrol(second, "sara")
        second.goto(f"/campagne/{campaign.pk}/")
        second.get_by_role("button", name="Approva").click()
        expect(second.locator(".campaigns-title .campaign-state")).to_have_text("Programmata")
        second.get_by_role("button", name="Avvia l'invio ora").click()
        bar = second.get_by_role("progressbar", name="Avanzamento dell'invio")
        expect(bar).to_be_visible()
        expect(second.locator(".campaigns-title .campaign-state")).to_have_text("In invio")
        worker = threading.Thread(target=sender.run_until_idle, kwargs={"timeout": 60}, daemon=True)
        worker.start()
        seen = set()
        for _ in range(200):  # what the page shows while it polls, until it is done
            seen.add(int(bar.get_attribute("aria-valuenow") or 0))
            if 100 in seen:
                break
            second.wait_for_timeout(100)
        expect(bar).to_have_attribute("aria-valuenow", "100", timeout=30_000)
        worker.join(timeout=60)
        expect(second.locator(".campaigns-title .campaign-state")).to_have_text("Completata", timeout=15_000)
        assert len(seen) >= 2, seen  # the bar moved: it did not jump from nothing to the end unseen
        expect(second.locator("[data-count=accepted]")).to_have_text("6")
        _both_sizes(second, "campaign-progress")

        world.settle()
        for phone in WROTE:
            assert [m["type"] for m in world.inbox(phone)] == ["text"], phone
        for phone in SILENT:
            assert [m["type"] for m in world.inbox(phone)] == ["template"], phone
        assert set(Delivery.objects.values_list("state", flat=True)) <= {"accepted", "sent", "delivered", "read"}

        second.get_by_role("link", name="Rapporto").first.click()
        expect(second.get_by_role("heading", name=re.compile("^Rapporto"))).to_be_visible()
        expect(second.get_by_role("img", name="Quanti cittadini ha raggiunto ogni fase")).to_be_visible()
        expect(second.get_by_role("table", name="Quanti cittadini ha raggiunto ogni fase")).to_contain_text("Destinatari")
        expect(second.get_by_role("table", name="Copie per canale")).to_contain_text("WhatsApp")
        _both_sizes(second, "campaign-report")
        second.get_by_role("banner").get_by_role("link", name="Campagne", exact=True).click()
        expect(second.get_by_role("table", name="Campagne, dalla più recente")).to_contain_text("Completata")
        _both_sizes(second, "campaigns-list")
    finally:
        context.close()
