"""Knowledge-base suggestions in a real Chromium: the operator clicks «Inserisci» and the answer lands in the
composer (static script, no inline code under the page's CSP); the page passes axe's WCAG 2.1 AA checks.
Screenshot: `screenshots/knowledge-suggestions.png`."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from sportello.conversations.models import Conversation
from sportello.knowledge.models import Entry, Use
from tests.browser import screenshot
from tests.console.conftest import make_staff
from tests.console.test_browser import check_accessibility, page, sign_in  # noqa: F401  (fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_inserts_a_suggestion_into_the_composer(page, world):  # noqa: F811
    town = world.municipality
    Entry.objects.create(
        municipality=town, title="Orari della biblioteca", tags=["biblioteca", "prestito"],
        question="Quando è aperta la biblioteca civica e come si prendono libri in prestito?",
        answer="La biblioteca del {comune} è aperta dal lunedì al venerdì dalle 9 alle 19 e il sabato mattina.",
    )
    Entry.objects.create(municipality=town, title="Mercato settimanale", question="Quando c'è il mercato?",
                         answer="Ogni mercoledì mattina in piazza.", tags=["mercato"])
    make_staff("anna", town, first_name="Anna")
    world.citizen_sends_text("+393471112299", "Buongiorno, la biblioteca è aperta il sabato? Vorrei prendere un libro")
    world.settle()
    conversation = Conversation.objects.get()

    sign_in(page, "anna")
    page.goto(f"/conversazioni/{conversation.pk}/")
    panel = page.get_by_role("region", name="Risposte dalla base di conoscenza")
    button = panel.get_by_role("button", name="Inserisci nella risposta: Orari della biblioteca")
    button.click()
    composer = page.locator("#composer-text")
    expected = f"La biblioteca del {town.name} è aperta dal lunedì al venerdì dalle 9 alle 19 e il sabato mattina."
    expect(composer).to_have_value(expected)  # no eval in the page: the console runs under its CSP
    assert composer.input_value() == expected
    assert panel.locator(".knowledge-status").inner_text().startswith("Risposta inserita")
    assert Use.objects.get().entry.title == "Orari della biblioteca"
    check_accessibility(page)
    screenshot(page, "knowledge-suggestions")
