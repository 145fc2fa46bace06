"""The inbox with every channel, the phone/desk log and citizen linking, in a real Chromium (Playwright).

Screenshots at 1366×768 and 390 px land in `screenshots/`; axe-core runs on every new page.
"""

from __future__ import annotations

import os

import pytest

from sportello.citizens.identity import index_for
from sportello.citizens.models import Citizen, Identity
from sportello.conversations.models import Conversation, Message
from sportello.municipalities.models import ChannelAccount
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, sign_in
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHATSAPP_PHONE = "+393471112233"
LABELS = {"whatsapp": "WhatsApp", "email": "E-mail", "webform": "Modulo web", "telegram": "Telegram",
          "phone": "Telefono", "desk": "Sportello fisico"}


def _conversation(account, name: str, kind: str, value: str, text: str) -> Conversation:  # type: ignore[no-untyped-def]
    """A citizen writing on `account`'s channel, stored as the channel's connector would (created directly: the
    other connectors are separate packages)."""
    from django.utils import timezone

    citizen = Citizen.objects.create(municipality=account.municipality, display_name=name)
    Identity.objects.create(municipality=account.municipality, citizen=citizen, kind=kind, value=value,
                            value_index=index_for(kind, value))
    now = timezone.now()
    conv = Conversation.objects.create(municipality=account.municipality, account=account, citizen=citizen,
                                       last_message_at=now, waiting_since=now, unread_count=1)
    Message.objects.create(municipality=account.municipality, conversation=conv, direction="in", kind="text",
                           text=text, sent_at=now)
    return conv


@pytest.fixture
def office(world):  # type: ignore[no-untyped-def]
    from sportello.cases.seed import seed_departments
    from sportello.connectors.desk import services as desk

    town = world.municipality
    seed_departments(town)
    accounts = {"whatsapp": world.number.account}
    for kind in ("telegram", "email", "webform"):
        accounts[kind] = ChannelAccount.objects.create(municipality=town, channel=kind, label=LABELS[kind])
    _conversation(accounts["whatsapp"], "Mario Rossi", "phone", WHATSAPP_PHONE, "Buca in via Dante, è pericolosa")
    _conversation(accounts["telegram"], "Giulia Neri", "telegram", "555000111", "Quando passa il camion del vetro?")
    _conversation(accounts["email"], "Paolo Verdi", "email", "paolo@example.it", "Richiesta certificato di residenza")
    _conversation(accounts["webform"], "Sara Blu", "email", "sara@example.it", "Segnalo un lampione spento")
    operator = make_staff("anna", town, first_name="Anna")
    desk.record_contact(municipality=town, channel="phone", actor=operator, name="Luigi Gialli",
                        phone="+393470000002", question="Come prenoto la carta d'identità?")
    desk.record_contact(municipality=town, channel="desk", actor=operator, name="Rosa Viola",
                        email="rosa@example.it", question="Ho portato il modulo per il passo carrabile")
    return town


def test_inbox_shows_every_channel_desk_log_opens_a_case_and_linking_links_and_unlinks(chromium, world, office):
    from playwright.sync_api import expect

    # bypass_csp: axe-core is injected by the test, the page itself runs under the Content-Security-Policy.
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT", base_url=world.sportello_url,
                                   bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "anna")
    items = page.locator("#conversation-list .conv-item")
    expect(items).to_have_count(6)
    for kind, label in LABELS.items():
        expect(page.locator(f"#conversation-list .channel-badge--{kind}")).to_have_text(label)
    options = page.locator("#inbox-canale option")
    expect(options).to_have_text(["Tutti", *LABELS.values()])
    check_accessibility(page)
    screenshot(page, "inbox-all-channels-1366")

    # The filter narrows the list to one channel.
    page.get_by_label("Canale").select_option("telegram")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Giulia Neri")
    expect(items.first.locator(".channel-label")).to_have_text("Telegram")
    page.get_by_label("Canale").select_option("")
    expect(items).to_have_count(6)

    # Recording a phone call that opens a case.
    page.get_by_role("link", name="Registra telefonata / visita").first.click()
    expect(page.get_by_role("heading", name="Registra telefonata / visita", level=1)).to_be_visible()
    page.get_by_label("Telefono", exact=True).fill("347 111 2233")
    page.get_by_role("button", name="Cerca il cittadino").click()
    expect(page.locator("#lookup-result")).to_contain_text("Cittadino trovato")
    expect(page.locator("#lookup-result")).to_contain_text("Mario Rossi")
    page.get_by_label("Che cosa ha chiesto").fill("La buca in via Dante è ancora aperta, chiede quando la chiudete")
    page.get_by_label("Che cosa è stato risposto").fill("Apriamo una pratica per il servizio strade.")
    page.get_by_label("Documenti").set_input_files(
        files=[{"name": "foto.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.locator("label[for=id_open_case]").click()  # Bootstrap Italia draws the box on the label
    expect(page.get_by_label("Apri una pratica per il servizio competente")).to_be_checked()
    page.get_by_label("Servizio", exact=True).select_option(label="Strade e manutenzione")
    check_accessibility(page)
    screenshot(page, "desk-record-1366")
    page.get_by_role("button", name="Registra", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Pratica URP-")
    expect(page.locator("#message-list")).to_contain_text("La buca in via Dante è ancora aperta")
    expect(page.locator("#message-list")).to_contain_text("Risposta data di persona o al telefono")
    expect(page.locator(".conversation-head .channel-label")).to_have_text("Telefono")
    check_accessibility(page)
    screenshot(page, "desk-conversation-1366")
    recorded = Conversation.objects.filter(account__channel="phone").latest("pk")
    assert recorded.citizen.display_name == "Mario Rossi" and recorded.cases.count() == 1

    # Linking: a Telegram citizen is the same person as the e-mail one, by the exact address.
    telegram = Conversation.objects.get(account__channel="telegram")
    page.goto(f"/conversazioni/{telegram.pk}/")
    page.get_by_role("link", name="Collega a un altro cittadino").click()
    page.get_by_label("Telefono, e-mail o numero di pratica").fill("paolo@example.it")
    page.get_by_role("button", name="Cerca").click()
    expect(page.get_by_role("heading", name="Risultati")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Scegli questo cittadino").click()
    expect(page.get_by_role("heading", name="Conferma il collegamento")).to_be_visible()
    expect(page.locator("main")).to_contain_text("p•••@example.it")
    check_accessibility(page)
    screenshot(page, "link-confirm-1366")
    page.get_by_role("button", name="Conferma collegamento").click()
    panel = page.locator(".links-panel")
    expect(panel).to_contain_text("Paolo Verdi")
    expect(panel.locator(".channel-badge--email")).to_be_visible()
    check_accessibility(page)
    panel.scroll_into_view_if_needed()
    screenshot(page, "link-panel-1366")
    panel.get_by_role("button", name="Annulla collegamento con Paolo Verdi").click()
    expect(page.locator(".links-panel")).to_contain_text("Nessun collegamento")

    # A phone: the inbox and the form at 390 px.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    expect(page.locator("#conversation-list .channel-badge--desk")).to_be_visible()
    screenshot(page, "inbox-all-channels-390")
    page.goto("/contatti/registra/")
    check_accessibility(page)
    screenshot(page, "desk-record-390")
    context.close()
