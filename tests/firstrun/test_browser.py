"""The first-run page in Chromium: an empty installation leads there, the form sets the municipality up and the
new administrator goes on to set up a second factor. Screenshots at 1366×768 and 390 px; axe-core clean."""

from __future__ import annotations

import re

import pytest

from sportello.municipalities.models import Municipality
from sportello.policies.models import ServicePolicy
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility
from tests.staff import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(transactional_db):
    from sportello.asgi import django_application
    from sportello.sandbox.server import serve_in_thread

    url, stop = serve_in_thread(django_application)
    try:
        yield url
    finally:
        stop()


def test_first_run_page_sets_up_an_empty_installation(chromium, server):
    from playwright.sync_api import expect

    from sportello.firstrun import tokens

    secret = tokens.issue()
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="it-IT", base_url=server)
    try:
        small = phone.new_page()
        small.goto("/")
        expect(small).to_have_url(f"{server}/configurazione-iniziale/")
        expect(small.get_by_role("heading", level=1)).to_have_text("Configura Sportello")
        screenshot(small, "firstrun-390")
        check_accessibility(small)
    finally:
        phone.close()

    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=server)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/pratiche/")
        expect(page).to_have_url(f"{server}/configurazione-iniziale/")
        screenshot(page, "firstrun-1366")
        # Only the chosen channel's fields are shown.
        expect(page.locator("fieldset[data-channel=telegram]")).to_be_hidden()
        page.locator("label", has_text="Bot Telegram").click()
        expect(page.locator("fieldset[data-channel=telegram]")).to_be_visible()
        expect(page.locator("fieldset[data-channel=whatsapp]")).to_be_hidden()
        page.locator("label", has_text="Più tardi, dalle impostazioni").click()
        check_accessibility(page)

        # A wrong token: the form comes back with the error, still accessible.
        page.fill("#id_token", "not-the-token")
        page.fill("#id_name", "Comune di Borgo Nuovo")
        page.fill("#id_admin_username", "sindaca")
        page.fill("#id_admin_email", "urp@borgonuovo.example")
        page.fill("#id_admin_password", PASSWORD)
        page.fill("#id_admin_password2", PASSWORD)
        page.get_by_role("button", name="Configura il comune").click()
        expect(page.get_by_text("Questo codice di configurazione non è valido")).to_be_visible()
        check_accessibility(page)
        assert not Municipality.objects.exists()

        page.fill("#id_token", secret)
        page.select_option("#id_province", "CA")
        page.fill("#id_admin_password", PASSWORD)
        page.fill("#id_admin_password2", PASSWORD)
        page.get_by_role("button", name="Configura il comune").click()
        # The new administrator is signed in and asked for a second factor first.
        expect(page).to_have_url(re.compile(r"/accesso/due-passaggi/"), timeout=20_000)
        town = Municipality.objects.get()
        assert town.name == "Comune di Borgo Nuovo"
        assert ServicePolicy.objects.get(municipality=town).holidays_subdivision == "CA"
        page.goto("/configurazione-iniziale/")
        assert "Configura Sportello" not in page.content()  # never shown again
    finally:
        context.close()


def test_api_docs_render_offline_under_the_csp(chromium, server):
    """Swagger UI starts from vendored files only; nothing is fetched from another host (no CDN, no validator)."""
    from urllib.parse import urlsplit

    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1366, "height": 768}, base_url=server)
    try:
        page = context.new_page()
        hosts, failures = set(), []
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.on("response", lambda response: failures.append(response.url) if response.status >= 400 else None)
        page.goto("/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sportello API", timeout=20_000)
        expect(page.locator(".opblock").first).to_be_visible()
        assert hosts == {urlsplit(server).netloc} and failures == []
        screenshot(page, "api-docs-offline-1366")
    finally:
        context.close()
