"""The message templates page in a real Chromium: a supervisor past the second factor opens it from the settings
hub, presses "Synchronise now" and reads the templates the sandbox's WABA has, with their status in words; axe-core
finds no WCAG 2.1 A/AA violation. Screenshots: `screenshots/templates-1366.png`, `templates-390.png`."""

from __future__ import annotations

import os
import re

import pytest

from sportello.connectors.whatsapp.models import MessageTemplate
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, enrol_second_factor, page, sign_in  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WABA = "209876543210001"  # the world's sandbox number's WABA


def _enrol(page, username: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    enrol_second_factor(page, username)
    expect(page).not_to_have_url(re.compile(r"/accesso/"))


def test_supervisor_synchronises_templates_and_reads_their_status(page, world):  # noqa: F811
    from playwright.sync_api import expect

    number = world.number
    number.waba_id = WABA
    number.save()
    world.sandbox_api("POST", "message_templates", json=[
        {"name": "avviso_scuole", "body": "Le scuole di {{1}} restano chiuse il {{2}}.", "status": "PENDING"},
        {"name": "promo_evento", "category": "MARKETING", "header_text": "Estate in città",
         "body": "Il {{1}} vi aspettiamo in piazza.", "footer": "Comune", "buttons": ["Partecipo"],
         "status": "REJECTED", "rejected_reason": "PROMOTIONAL"},
    ])
    make_staff("sara", world.municipality, role="supervisor")
    _enrol(page, "sara")
    page.goto("/impostazioni/")
    page.get_by_role("link", name=re.compile("Modelli di messaggio")).click()
    expect(page.get_by_role("heading", name=re.compile("^Modelli di messaggio"))).to_be_visible()
    expect(page.get_by_text("Mai sincronizzati.")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Sincronizza ora").click()
    registry = page.locator(f"#registry-{number.pk}")
    expect(registry.get_by_role("status")).to_contain_text("Sincronizzazione completata")
    urp = registry.locator("li", has=page.get_by_role("heading", name="risposta_urp"))
    expect(urp).to_contain_text("Approvato")
    expect(urp).to_contain_text("{{1}}")
    expect(registry.locator("li", has=page.get_by_role("heading", name="avviso_scuole"))).to_contain_text("In revisione")
    promo = registry.locator("li", has=page.get_by_role("heading", name="promo_evento"))
    expect(promo).to_contain_text("Rifiutato")
    expect(promo).to_contain_text("Promozionale")
    expect(promo).to_contain_text("Estate in città")
    expect(promo).to_contain_text("PROMOTIONAL")
    expect(registry).to_contain_text("Ultima sincronizzazione")
    assert MessageTemplate.objects.filter(account=number.account, status="approved").count() >= 5
    check_accessibility(page)
    screenshot(page, "templates-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, "templates-390")


def test_an_operator_cannot_open_the_templates_page(page, world):  # noqa: F811
    make_staff("ugo", world.municipality)
    sign_in(page, "ugo")
    page.wait_for_url(re.compile(r"/(?!accesso)"))
    response = page.goto("/impostazioni/modelli-whatsapp/")
    assert response is not None and response.status == 403
