"""Launching Debian's Chromium through Playwright for Python: never a downloaded browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian's chromium is required for browser tests (.ci/run installs it: apt-get install chromium)")


def launch(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def screenshot(page, name: str, full_page: bool = False) -> Path:  # type: ignore[no-untyped-def]
    """The visible viewport by default: the sizes the README promises (1366×768, a 390 px phone)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def chromium():
    """One Playwright driver and one Chromium for the whole run (Playwright allows one sync driver per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def htmx_settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until htmx has finished every request and swap on the page.

    htmx wires up the content it swaps in only when it settles (20 ms later, on a timer): an element
    can be visible while its hx-* attributes do nothing yet, and a change made then is lost. A person
    never acts that fast; a test does, so it waits for the settling classes to go.
    """
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)
