"""The statistics page in a real Chromium: a supervisor past the second factor reads charts and tables, filters by
channel; department staff see their department; axe-core finds no WCAG 2.1 A/AA violation.
Screenshots: `screenshots/statistics-1366.png`, `statistics-390.png`, `statistics-department-1366.png`."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sportello.cases.models import Case, DepartmentMembership
from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.conversations.models import Conversation, Message
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, enrol_second_factor, page, sign_in  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _activity(town, account, operator):  # type: ignore[no-untyped-def]
    from sportello.cases.seed import seed_departments

    seed_departments(town)
    roads = town.departments.get(code="strade")
    now = timezone.now()
    for n in range(12):
        citizen = resolve_citizen(town, SenderIdentity(phone=f"39347000{n:04d}"))
        opened = now - timedelta(days=n * 2, hours=n % 5)
        conv = Conversation.objects.create(municipality=town, account=account, citizen=citizen,
                                           state="closed" if n % 3 else "open")
        Conversation.objects.filter(pk=conv.pk).update(created_at=opened, last_message_at=opened)
        Message.objects.create(municipality=town, conversation=conv, direction="in", kind="text", sent_at=opened)
        Message.objects.create(municipality=town, conversation=conv, direction="out", kind="text",
                               sent_at=opened + timedelta(hours=2), author=operator)
        if n % 4 == 0:
            Case.objects.create(municipality=town, reference=f"2026/{n + 1}", year=2026, number=n + 1, department=roads,
                                conversation=conv, title="Buca", created_at=opened)
    return roads


def _enrol(page, username: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    enrol_second_factor(page, username)
    expect(page.get_by_role("link", name="Statistiche")).to_be_visible()


def test_supervisor_reads_statistics_with_charts_and_tables(page, world):  # noqa: F811
    from playwright.sync_api import expect

    town = world.municipality
    anna = make_staff("anna", town, first_name="Anna")
    _activity(town, world.number.account, anna)
    make_staff("sara", town, role="supervisor")
    _enrol(page, "sara")
    page.get_by_role("link", name="Statistiche").click()
    expect(page.get_by_role("heading", name=re.compile("^Statistiche"))).to_be_visible()
    expect(page.get_by_role("img", name="Conversazioni al giorno per canale")).to_be_visible()
    expect(page.get_by_role("table", name="Conversazioni, messaggi e tempi in orario d'ufficio per canale")).to_contain_text("WhatsApp")
    expect(page.get_by_role("table", name=re.compile("per operatore"))).to_contain_text("Anna")
    check_accessibility(page)
    screenshot(page, "statistics-1366")
    screenshot(page, "statistics-charts-1366-full", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, "statistics-390")

    page.get_by_label("Canale", exact=True).select_option("telegram")
    page.get_by_role("button", name="Applica").click()
    expect(page).to_have_url(re.compile(r"channel=telegram"))
    expect(page.get_by_role("table", name="Conversazioni, messaggi e tempi in orario d'ufficio per canale")).to_contain_text(
        "Nessuna conversazione nel periodo.")


def test_department_staff_see_only_their_department(page, world):  # noqa: F811
    from playwright.sync_api import expect

    town = world.municipality
    anna = make_staff("anna", town, first_name="Anna")
    roads = _activity(town, world.number.account, anna)
    rino = make_staff("rino", town)
    DepartmentMembership.objects.create(department=roads, user=rino)
    sign_in(page, "rino")
    expect(page.get_by_role("heading", name="Seleziona una conversazione")).to_be_visible()
    page.goto("/statistiche/")
    options = page.get_by_label("Servizio", exact=True).locator("option")
    expect(options).to_have_count(2)  # «Tutti i servizi» and their own
    expect(page.get_by_role("table", name="Conversazioni e pratiche per servizio")).to_contain_text(roads.name)
    expect(page.get_by_role("heading", name="Liste, campagne, rinvii e moderazione")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "statistics-department-1366")
    response = page.goto("/statistiche/")
    assert response is not None and response.status == 200
    anna_page = page.context.new_page()
    anna_page.context.clear_cookies()
    sign_in(anna_page, "anna")
    refused = anna_page.goto("/statistiche/")
    assert refused is not None and refused.status == 403
