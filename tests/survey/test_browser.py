"""The survey page in a real Chromium: answered with the keyboard-reachable radios, axe-core finds no WCAG 2.1
A/AA violation (page, error state, thanks), and with the CSP on the page breaks none of it. Screenshots in
`screenshots/`."""

from __future__ import annotations

import os

import pytest

from sportello.survey import links
from sportello.survey.models import SurveyInvitation, SurveyResponse
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility
from tests.survey.helpers import enable

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # as in tests/webform/test_browser.py
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey_url(world):
    from sportello.citizens.identity import SenderIdentity, resolve_citizen
    from sportello.conversations.models import Conversation

    enable(world.municipality)
    citizen = resolve_citizen(world.municipality, SenderIdentity(email="lucia@example.test"))
    conv = Conversation.objects.create(municipality=world.municipality, account=world.number.account, citizen=citizen)
    invitation = SurveyInvitation.objects.create(municipality=world.municipality, conversation=conv, citizen=citizen,
                                                 channel="email", mode="link", trigger="conversation_closed")
    invitation.token = links.make_token(invitation.pk)
    invitation.save()
    return f"/questionario/{invitation.token}/"


def _page(chromium, world, *, for_axe: bool, width: int = 1366):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": width, "height": 768}, locale="it-IT",
                                   base_url=world.sportello_url, bypass_csp=for_axe)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_survey_page_is_accessible_and_records_the_answers(chromium, world, survey_url):
    from playwright.sync_api import expect

    context, page = _page(chromium, world, for_axe=True)
    try:
        page.goto(survey_url)
        expect(page.get_by_role("heading", name="Questionario di gradimento")).to_be_visible()
        check_accessibility(page)
        screenshot(page, "survey-form", full_page=True)
        page.get_by_role("button", name="Invia le risposte").click()  # nothing chosen: the error state
        expect(page.locator("#error-summary")).to_contain_text("Risponda ad almeno una domanda.")
        check_accessibility(page)
        overall = page.get_by_role("group", name="1. Nel complesso, quanto è soddisfatto del servizio ricevuto?")
        overall.get_by_label("5 – Ottimo").check(force=True)
        page.get_by_role("group", name="4. Come valuta la cortesia del personale?").get_by_label("3 – Sufficiente").check(
            force=True)
        page.get_by_label("Commento (facoltativo)").fill("Molto disponibili.")
        page.get_by_role("button", name="Invia le risposte").click()
        expect(page.get_by_role("status")).to_contain_text("Grazie per le sue risposte")
        check_accessibility(page)
    finally:
        context.close()
    response = SurveyResponse.objects.get()
    assert (response.overall, response.waiting_time, response.courtesy, response.comment) == (
        5, None, 3, "Molto disponibili.")


def test_survey_page_breaks_no_content_security_policy_on_a_phone(chromium, world, survey_url):
    from playwright.sync_api import expect

    context, page = _page(chromium, world, for_axe=False, width=390)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(survey_url)
        expect(page.get_by_role("button", name="Invia le risposte")).to_be_visible()
        screenshot(page, "survey-form-phone")
    finally:
        context.close()
    assert refused == []
