"""The settings pages in a real Chromium: a supervisor past the second factor edits hours with two intervals on a
day and a closure (both in the preview), switches the emergency on and off, changes a channel's mode, adds a
keyword command and tries a message, writes a redirect to another channel and a canned reply; axe-core finds no
WCAG 2.1 A/AA violation on any page, at 1366×768 and at 390 px.
Screenshots: `screenshots/configuration-{hub,hours,emergency,channels,channel-edit,redirect,commands,command-edit,
canned,canned-edit}-{1366,390}.png`."""

from __future__ import annotations

import os
import re

import pytest

from sportello.policies.models import ChannelPolicy, Closure, KeywordCommand, OpeningInterval, ServicePolicy
from tests.browser import screenshot
from tests.console.test_browser import check_accessibility, page, sign_in  # noqa: F401  (fixture)
from tests.staff import make_staff

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _supervisor_signs_in(page, town) -> None:  # type: ignore[no-untyped-def]
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    make_staff("sara", town, role="supervisor")
    sign_in(page, "sara")
    expect(page).to_have_url(re.compile(r"/accesso/due-passaggi/"))
    device = TOTPDevice.objects.get(user__username="sara")
    page.get_by_label("Codice di 6 cifre dall'app di autenticazione").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    page.get_by_role("button", name="Conferma").click()
    expect(page.get_by_role("link", name="Impostazioni")).to_be_visible()


def _check_both_sizes(page, name: str) -> None:  # type: ignore[no-untyped-def]
    check_accessibility(page)
    screenshot(page, f"configuration-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    check_accessibility(page)
    screenshot(page, f"configuration-{name}-390")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_supervisor_edits_hours_and_closures_and_sees_the_preview(page, world):
    from playwright.sync_api import expect

    _supervisor_signs_in(page, world.municipality)
    page.get_by_role("link", name="Impostazioni").click()
    expect(page.get_by_role("heading", name=re.compile("^Impostazioni"))).to_be_visible()
    _check_both_sizes(page, "hub")

    page.get_by_role("link", name=re.compile("^Orari di apertura")).click()
    page.get_by_label("Giorno dell'intervallo 1").select_option(label="lunedì")
    page.get_by_label("Apertura, intervallo 1").fill("09:00")
    page.get_by_label("Chiusura, intervallo 1").fill("12:30")
    page.get_by_label("Giorno dell'intervallo 2").select_option(label="lunedì")
    page.get_by_label("Apertura, intervallo 2").fill("15:00")
    page.get_by_label("Chiusura, intervallo 2").fill("17:00")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Orari di apertura salvati.")
    expect(page.locator("#week-preview")).to_have_text("lunedì: 9:00–12:30, 15:00–17:00")
    expect(page.locator("#open-now")).to_be_visible()
    policy = ServicePolicy.objects.get(municipality=world.municipality)
    assert OpeningInterval.objects.filter(policy=policy, weekday=0).count() == 2

    page.get_by_label("Motivo").fill("Chiusura per inventario")
    page.get_by_label("Dal").fill("2027-02-01")
    page.get_by_label("Al (compreso)").fill("2027-02-02")
    page.get_by_role("button", name="Anteprima senza salvare").click()
    expect(page.get_by_role("heading", name="Anteprima (non salvata)")).to_be_visible()
    expect(page.locator("#closed-days")).to_contain_text("lunedì 1 febbraio 2027")
    assert not Closure.objects.exists()
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Orari di apertura salvati.")
    row = page.locator("#closed-days tr", has_text="martedì 2 febbraio 2027")
    expect(row).to_contain_text("Chiusura per inventario")
    expect(page.locator("#closed-days")).to_contain_text("Natale")
    assert Closure.objects.get(policy=policy).name == "Chiusura per inventario"

    page.get_by_label("Giorno dell'intervallo 3").select_option(label="lunedì")
    page.get_by_label("Apertura, intervallo 3").fill("12:00")
    page.get_by_label("Chiusura, intervallo 3").fill("13:00")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("si sovrappongono")
    _check_both_sizes(page, "hours")


def test_supervisor_switches_the_emergency_on_and_off(page, world):
    from playwright.sync_api import expect

    _supervisor_signs_in(page, world.municipality)
    page.goto("/impostazioni/")
    page.get_by_role("link", name=re.compile("^Emergenza")).click()
    page.get_by_label("Messaggio durante l'emergenza").fill("Allerta meteo in corso: per urgenze chiami il 112.")
    page.get_by_role("button", name="Salva il messaggio").click()
    expect(page.locator("#emergency-preview")).to_have_text("Allerta meteo in corso: per urgenze chiami il 112.")
    page.get_by_role("button", name="Attiva l'emergenza").click()
    expect(page.get_by_role("alert").first).to_contain_text("Spunti la conferma")
    page.get_by_text("Confermo che c'è un'emergenza", exact=True).click()  # Bootstrap Italia styles the label
    page.get_by_role("button", name="Attiva l'emergenza").click()
    expect(page.get_by_role("heading", name="Emergenza in corso")).to_be_visible()
    assert ServicePolicy.objects.get(municipality=world.municipality).emergency_active
    _check_both_sizes(page, "emergency")
    page.get_by_role("link", name="Impostazioni", exact=True).first.click()
    expect(page.locator(".settings-emergency")).to_contain_text("Emergenza in corso")
    page.get_by_role("link", name="Gestisci l'emergenza").click()
    page.get_by_text("Confermo che l'emergenza è finita", exact=True).click()
    page.get_by_role("button", name="Disattiva l'emergenza").click()
    expect(page.get_by_role("heading", name="Nessuna emergenza")).to_be_visible()
    assert not ServicePolicy.objects.get(municipality=world.municipality).emergency_active


def test_supervisor_changes_a_channel_mode(page, world):
    from playwright.sync_api import expect

    _supervisor_signs_in(page, world.municipality)
    page.goto("/impostazioni/canali/")
    table = page.locator("#channel-modes")
    expect(table).to_contain_text("WhatsApp")
    _check_both_sizes(page, "channels")
    table.get_by_role("link", name=re.compile("^Modifica WhatsApp")).first.click()
    page.get_by_label("solo informazioni (segnalazioni e reclami rinviati)").check()
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("alert").first).to_contain_text("dove inviare segnalazioni e reclami")
    page.get_by_label("Risposta alle segnalazioni").fill("Per le segnalazioni usi il modulo sul sito del {comune}.")
    _check_both_sizes(page, "channel-edit")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("status")).to_contain_text("Impostazioni del canale salvate.")
    expect(table).to_contain_text("solo informazioni")
    assert ChannelPolicy.objects.get(account=world.number.account).mode == "info_only"


def test_supervisor_adds_a_command_and_tries_a_message(page, world):
    from playwright.sync_api import expect

    from sportello.broadcasts.models import MailingList

    MailingList.objects.create(municipality=world.municipality, slug="emergenze", name="Emergenze",
                               tags=["#EMERGENZE"], requires_consent=False)
    _supervisor_signs_in(page, world.municipality)
    page.goto("/impostazioni/comandi/")
    page.get_by_role("link", name="Nuovo comando").click()
    phrases = page.get_by_role("textbox", name="Parole chiave")
    phrases.fill("ISCRIVIMI, iscrizione on")
    phrases.blur()
    chips = page.locator(".settings-chips .settings-chip")
    expect(chips).to_have_count(2)
    page.get_by_label("Azione", exact=True).select_option("subscribe")
    page.get_by_label("Emergenze", exact=True).check()
    page.get_by_label("Risposta", exact=True).fill("Benvenuto nella lista {liste} del {comune}.")
    _check_both_sizes(page, "command-edit")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("status")).to_contain_text("Comando salvato.")
    expect(page.locator("#commands")).to_contain_text("ISCRIVIMI")
    assert KeywordCommand.objects.get().phrase_list() == ["ISCRIVIMI", "iscrizione on"]

    page.get_by_label("Messaggio", exact=True).fill("Iscrizione ON #emergenze")
    page.get_by_role("button", name="Prova", exact=True).click()
    result = page.locator("#trial-outcome")
    expect(result).to_contain_text("Comando riconosciuto")
    expect(result).to_contain_text("Iscrizione alle liste: Emergenze")
    expect(page.locator("#trial-reply")).to_have_text(f"Benvenuto nella lista «Emergenze» del {world.municipality.name}.")
    assert "/prova/" not in page.url  # htmx: the page stayed
    _check_both_sizes(page, "commands")
    page.get_by_label("Messaggio", exact=True).fill("come mi iscrivo?")
    page.get_by_role("button", name="Prova", exact=True).click()
    expect(result).to_contain_text("non è un comando")


def test_supervisor_writes_a_redirect_to_another_channel(page, world):
    from playwright.sync_api import expect

    from sportello.policies.models import Redirect

    town = world.municipality
    _supervisor_signs_in(page, town)
    page.goto("/impostazioni/canali/")
    page.get_by_role("link", name="Nuovo rinvio").click()
    page.get_by_label("Nome", exact=True).fill("Carta d'identità")
    page.get_by_label("Tipo di richiesta").select_option("booking")
    topics = page.get_by_role("textbox", name="Argomenti")
    topics.fill("carta d'identità, CIE")
    topics.blur()
    expect(page.locator(".settings-chips .settings-chip")).to_have_count(2)
    page.get_by_label("Risposta", exact=True).fill("   ")  # only spaces: the browser lets it through, the form does not
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Scriva la risposta che riceverà il cittadino.")
    assert not Redirect.objects.exists()
    _check_both_sizes(page, "redirect")
    page.get_by_label("Risposta", exact=True).fill("Per la carta d'identità prenoti sul sito del {comune}.")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Rinvio salvato.")
    row = page.get_by_role("row", name=re.compile("Carta d'identità"))
    expect(row).to_contain_text("prenotazioni")
    expect(row).to_contain_text("carta d'identità, CIE")
    redirect = Redirect.objects.get()
    assert (redirect.municipality, redirect.kind, redirect.topics) == (town, "booking", ["carta d'identità", "CIE"])

    row.get_by_role("link", name="Carta d'identità").click()
    expect(page.locator(".settings-bubble")).to_have_text(f"Per la carta d'identità prenoti sul sito del {town.name}.")
    _check_both_sizes(page, "redirect-edit")
    page.get_by_role("button", name="Elimina questo rinvio").click()
    expect(page.get_by_role("status")).to_contain_text("Rinvio eliminato.")
    expect(page.get_by_role("row", name=re.compile("Carta d'identità"))).to_have_count(0)
    assert not Redirect.objects.exists()


def test_supervisor_writes_a_canned_reply(page, world):
    from playwright.sync_api import expect

    from sportello.console.models import CannedReply

    town = world.municipality
    _supervisor_signs_in(page, town)
    page.goto("/impostazioni/")
    page.get_by_role("link", name=re.compile("^Risposte rapide")).click()
    expect(page.get_by_role("heading", name="Risposte rapide")).to_be_visible()
    expect(page.get_by_role("navigation", name="Percorso")).to_contain_text("Impostazioni › Risposte rapide")
    expect(page.get_by_text(re.compile(r"^Variabili: \{nome\} il nome del cittadino; \{nome_completo\}"))
           ).to_be_visible()  # every placeholder is explained
    page.get_by_role("button", name="Salva", exact=True).click()  # nothing written yet: nothing is saved
    assert not CannedReply.objects.exists()
    page.get_by_label("Titolo", exact=True).fill("Saluto")
    page.get_by_label("Testo", exact=True).fill("Buongiorno {nom}, a presto.")  # a typo in a variable
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Variabili sconosciute: {nom}")).to_be_visible()
    assert not CannedReply.objects.exists()
    page.get_by_label("Testo", exact=True).fill("Buongiorno {nome}, sono {operatore} dell'{ufficio} del {comune}.")
    page.get_by_role("button", name="Anteprima", exact=True).click()
    expect(page.locator("#canned-preview")).to_have_text(  # the operator's name is the signed-in supervisor's
        re.compile(rf"^Buongiorno Maria, sono \S+ dell'{re.escape(town.office_name)} del {re.escape(town.name)}\.$"))
    assert not CannedReply.objects.exists()  # a preview saves nothing
    _check_both_sizes(page, "canned")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Risposta rapida salvata.")
    row = page.get_by_role("row", name=re.compile("Saluto"))
    expect(row).to_contain_text("Buongiorno {nome}")
    reply = CannedReply.objects.get()
    assert reply.municipality == town and reply.title == "Saluto"

    row.get_by_role("link", name="Saluto").click()
    expect(page.get_by_role("heading", name="Saluto")).to_be_visible()
    _check_both_sizes(page, "canned-edit")
    page.get_by_label("Testo", exact=True).fill("Buongiorno {nome}, come posso aiutarla?")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Risposta rapida salvata.")
    assert CannedReply.objects.get().body == "Buongiorno {nome}, come posso aiutarla?"
    page.get_by_role("link", name="Saluto").click()
    page.get_by_role("button", name="Elimina", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Risposta rapida eliminata.")
    assert not CannedReply.objects.exists()
