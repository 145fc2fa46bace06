"""The language switch in a real Chromium: the user menu offers Italiano and English, the choice applies to the page
being read and is remembered; axe-core finds no WCAG 2.1 A/AA violation with the menu open.
Screenshots: `screenshots/language-switch-1366.png`, `language-switch-390.png`."""

from __future__ import annotations

import os

import pytest

from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, page, sign_in  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_menu(page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.locator("#user-menu").click()
    expect(page.locator("#user-menu")).to_have_attribute("aria-expanded", "true")


def test_operator_switches_the_console_to_english_and_back(page, world):  # noqa: F811
    from playwright.sync_api import expect

    make_staff("anna", world.municipality, first_name="Anna")
    sign_in(page, "anna")
    expect(page.get_by_role("heading", name="Seleziona una conversazione")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")

    _open_menu(page)
    expect(page.get_by_role("group", name="Lingua")).to_be_visible()
    expect(page.get_by_role("button", name="Italiano")).to_have_attribute("aria-current", "true")
    check_accessibility(page)
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(world.sportello_url + "/")  # back on the page it was chosen from
    expect(page.get_by_role("heading", name="Select a conversation")).to_be_visible()
    _open_menu(page)
    expect(page.get_by_role("group", name="Language")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    check_accessibility(page)
    screenshot(page, "language-switch-1366")

    page.goto("/statistiche/")  # remembered: every later page is in English
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    _open_menu(page)
    check_accessibility(page)
    screenshot(page, "language-switch-390")

    expect(page.get_by_role("navigation", name="Conversations")).to_be_visible()
    page.get_by_role("button", name="Italiano").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("navigation", name="Conversazioni")).to_be_visible()
