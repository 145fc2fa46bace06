"""The organisation settings in a real Chromium: an administrator past the second factor edits lists and the
consent policy (with its preview and versions), departments, categories and their staff, moderation per category,
and staff (invitation, role). axe-core finds no WCAG 2.1 A/AA violation on any page, at 1366×768 and at 390 px.
Screenshots: `screenshots/settings-<page>-1366.png` and `settings-<page>-390.png`."""

from __future__ import annotations

import os
import re

import pytest

from sportello.broadcasts.models import MailingList, Subscription
from sportello.cases.models import Category, Department
from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.citizens.models import ConsentPolicy
from sportello.moderation.models import CategoryAction
from sportello.municipalities.models import StaffMembership
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, enrol_second_factor, page  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _enrol(page, username: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    enrol_second_factor(page, username)
    expect(page).not_to_have_url(re.compile(r"/accesso/"))


def _both_sizes(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core and a screenshot at 1366×768, then at a 390 px phone, then back."""
    page.set_viewport_size({"width": 1366, "height": 768})
    check_accessibility(page)
    screenshot(page, f"settings-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, f"settings-{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways at 390 px"
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.fixture
def town(world):  # type: ignore[no-untyped-def]
    town = world.municipality
    make_staff("alba", town, role="administrator", first_name="Alba", last_name="Melis", email="alba@comune.example")
    return town


def test_lists_and_versioned_consent_policy(page, town):  # noqa: F811
    from playwright.sync_api import expect

    news = MailingList.objects.create(municipality=town, slug="notizie", name="Notizie dal Comune", category="news",
                                      tags=["#NOTIZIE"])
    for n in range(3):
        citizen = resolve_citizen(town, SenderIdentity(phone=f"3934700000{n}"))
        Subscription.objects.create(mailing_list=news, citizen=citizen)
    ConsentPolicy.objects.create(municipality=town, version=1, title="Informativa WhatsApp",
                                 text="Il Comune tratta il Suo numero per inviarle le notizie.", list_kinds=["news"])
    _enrol(page, "alba")
    page.goto("/impostazioni/liste/")
    expect(page.get_by_role("heading", name=re.compile("^Liste e informativa"))).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Notizie dal Comune"))
    expect(row).to_contain_text("3")
    _both_sizes(page, "lists")

    page.get_by_role("link", name="Nuova lista").click()
    page.get_by_label("Nome", exact=True).fill("Allerta meteo")
    page.get_by_label("Codice", exact=True).fill("allerta")
    page.get_by_label("Tipo", exact=True).select_option("emergency")
    page.get_by_label("Etichette").fill("allerta, #Meteo")
    _both_sizes(page, "list-form")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("status")).to_contain_text("Lista «Allerta meteo» salvata.")
    expect(page.get_by_role("row", name=re.compile("Allerta meteo"))).to_contain_text("non coperta")
    assert MailingList.objects.get(slug="allerta").tags == ["#ALLERTA", "#METEO"]

    page.get_by_role("link", name="Versioni e nuova versione").click()
    page.get_by_label("Testo").fill("Il Comune tratta il Suo numero per inviarle notizie e allerte.")
    page.get_by_label("emergenze").check()
    page.get_by_role("button", name="Anteprima").click()
    preview = page.get_by_role("region", name="Anteprima: il messaggio che ricevono i cittadini")
    expect(preview).to_contain_text("notizie e allerte")
    expect(preview.get_by_role("listitem").first).to_have_text("Accetto")
    assert ConsentPolicy.objects.count() == 1
    _both_sizes(page, "policy")
    page.get_by_role("button", name="Pubblica la nuova versione").click()
    expect(page.get_by_role("status")).to_contain_text("Versione 2 pubblicata e in vigore.")
    history = page.get_by_role("table", name="Storico delle versioni")
    expect(history.get_by_role("row", name=re.compile("Versione 2"))).to_contain_text("In vigore")
    expect(history.get_by_role("row", name=re.compile("Versione 1"))).to_contain_text("Sostituita")
    history.get_by_role("link", name="Versione 1").click()
    expect(page.get_by_role("heading", name="Informativa WhatsApp · versione 1")).to_be_visible()
    _both_sizes(page, "policy-version")


def test_departments_categories_and_staff_of_a_department(page, town):  # noqa: F811
    from playwright.sync_api import expect

    make_staff("anna", town, first_name="Anna", last_name="Sanna")
    _enrol(page, "alba")
    page.goto("/impostazioni/servizi/")
    page.get_by_role("link", name="Nuovo servizio").click()
    page.get_by_label("Nome", exact=True).fill("Strade e viabilità")
    page.get_by_label("Codice", exact=True).fill("strade")
    page.get_by_label("Parole chiave").fill("buca\nasfalto")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("heading", name="Servizio «Strade e viabilità»")).to_be_visible()

    page.get_by_label("Membro del personale").select_option(label="Anna Sanna")
    page.get_by_role("button", name="Aggiungi al servizio").click()
    expect(page.get_by_role("button", name="Rimuovi Anna Sanna")).to_be_visible()

    page.get_by_role("link", name="Nuova categoria").click()
    page.get_by_label("Nome", exact=True).fill("Buche")
    page.get_by_label("Codice", exact=True).fill("buche")
    page.get_by_label("Tempo obiettivo (ore di ufficio)").fill("0")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_text("Tra 1 e 2.000 ore di ufficio.")).to_be_visible()
    page.get_by_label("Tempo obiettivo (ore di ufficio)").fill("16")
    page.get_by_role("button", name="Salva").click()
    categories = page.get_by_role("table", name="Categorie e tempi obiettivo")
    expect(categories.get_by_role("row", name=re.compile("Buche"))).to_contain_text("16 ore di ufficio")
    _both_sizes(page, "department")
    categories.get_by_role("link", name="Buche").click()
    expect(page.get_by_text(re.compile("una pratica aperta adesso scadrebbe"))).to_be_visible()
    _both_sizes(page, "category")
    department = Department.objects.get(code="strade")
    assert Category.objects.get(department=department).target_hours == 16
    assert list(department.memberships.values_list("user__username", flat=True)) == ["anna"]
    page.goto("/impostazioni/servizi/")
    expect(page.get_by_role("row", name=re.compile("Strade e viabilità"))).to_be_visible()
    _both_sizes(page, "departments")


def test_moderation_actions_per_category(page, town):  # noqa: F811
    from playwright.sync_api import expect

    _enrol(page, "alba")
    page.goto("/impostazioni/moderazione/")
    expect(page.get_by_role("rowheader", name="Raccolta fondi")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("fundraising")
    page.get_by_label("Conta come violazione: raccolta fondi").uncheck()
    page.get_by_label("Soglia: minacce").fill("0.3")
    _both_sizes(page, "moderation")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("status")).to_contain_text("Impostazioni di moderazione salvate.")
    expect(page.get_by_label("Conta come violazione: raccolta fondi")).not_to_be_checked()
    saved = CategoryAction.objects.get(category="fundraising")
    assert (saved.hide, saved.notify, saved.strike) == (True, True, False)
    assert CategoryAction.objects.get(category="threat").threshold == 0.3


def test_staff_invitation_and_roles(page, town, settings):  # noqa: F811
    from django.core import mail
    from playwright.sync_api import expect

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make_staff("anna", town, first_name="Anna", last_name="Sanna")
    _enrol(page, "alba")
    page.goto("/impostazioni/staff/")
    expect(page.get_by_role("heading", name=re.compile("^Personale e ruoli"))).to_be_visible()
    _both_sizes(page, "staff")

    page.get_by_label("Ruolo di Anna Sanna").select_option("supervisor")
    page.locator("li", has_text="Anna Sanna").get_by_role("button", name="Cambia ruolo").click()
    expect(page.get_by_role("status")).to_contain_text("Ruolo di Anna Sanna: Supervisore.")
    assert StaffMembership.objects.get(user__username="anna").role == "supervisor"

    page.get_by_label("Ruolo di Alba Melis").select_option("operator")
    page.locator("li", has_text="Alba Melis").get_by_role("button", name="Cambia ruolo").click()
    expect(page.get_by_role("status")).to_contain_text("ultimo amministratore")

    make_staff("ugo", town, first_name="Ugo", last_name="Deiana")
    page.reload()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Rimuovi Ugo Deiana").click()
    expect(page.get_by_role("button", name="Rimuovi Ugo Deiana")).to_be_visible()
    assert questions == ["Rimuovere Ugo Deiana dal personale di questo comune?"]
    assert StaffMembership.objects.filter(user__username="ugo").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rimuovi Ugo Deiana").click()
    expect(page.get_by_role("status")).to_contain_text("Ugo Deiana non lavora più per questo comune.")
    assert not StaffMembership.objects.filter(user__username="ugo").exists()

    page.get_by_label("E-mail", exact=True).fill("nora@comune.example")
    page.get_by_label("Nome", exact=True).fill("Nora")
    page.get_by_role("button", name="Invia l'invito").click()
    expect(page.get_by_role("status")).to_contain_text("Invito inviato a nora@comune.example.")
    expect(page.get_by_role("listitem").filter(has_text="nora@comune.example")).to_contain_text(
        "Invitato, password non ancora scelta")
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accesso/reimposta/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_label("Nuova password", exact=True).fill("Una-password-nuova-77")
    page.get_by_label("Conferma nuova password").fill("Una-password-nuova-77")
    page.get_by_role("button", name="Salva").click()
    expect(page).to_have_url(re.compile(r"/accesso/reimposta/fatto/"))
