"""The console and the public pages in English once the user menu's switch says so (Django's set_language: a POST
with CSRF, the current path as next, remembered in a cookie). No common Italian word may be left on the page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client

from tests.staff import login, make_staff

# Words an Italian page cannot avoid and an English page has no reason to show.
ITALIAN_WORDS = [
    "Conversazioni", "Conversazione", "Impostazioni", "Statistiche", "Pratiche", "Pratica", "Cittadino", "Cittadini",
    "Messaggio", "Messaggi", "Invia", "Cerca", "Nessuna", "Nessun", "Esci", "Chiudi", "Salva", "Annulla", "Orari",
    "Servizio", "Servizi", "Filtra", "Tutte", "Aperte", "Scriva", "Richiesta", "Informativa", "Campagne", "Liste",
    "Lingua", "Canali", "Etichette", "Risposte", "Oggi", "oppure", "della", "delle", "degli", "nella", "sono", "Può",
    "dell", "questo", "questa", "Comandi", "Emergenza", "Mostra", "Attiva", "Scarica",
]
WORD = re.compile(r"\b(" + "|".join(ITALIAN_WORDS) + r")\b")


def visible_text(html: str) -> str:
    """What a reader meets: text, plus labels given to assistive technology and tooltips."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    attributes = re.findall(r'\b(?:aria-label|title|placeholder|alt|aria-description)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return unescape(" ".join([text, *attributes]))


def italian_words(html: str) -> list[str]:
    return sorted(set(WORD.findall(visible_text(html))))


def switch_language(client: Client, code: str, path: str) -> None:
    response = client.post("/i18n/setlang/", {"language": code, "next": path})
    assert response.status_code == 302 and response["Location"] == path
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code


@pytest.fixture
def town(db):  # type: ignore[no-untyped-def]
    from sportello.connectors.webform.setup import ensure_webform
    from sportello.municipalities.models import Municipality

    town = Municipality.objects.create(slug="esempio", name="Esempio", email="urp@comune.esempio.it",
                                       address="Piazza Municipio 1")
    ensure_webform(town)
    return town


@pytest.fixture
def supervisor(town):  # type: ignore[no-untyped-def]
    user = make_staff("sara", town, role="supervisor", first_name="Sara")
    return login(Client(HTTP_ACCEPT_LANGUAGE="it"), user, verified=True)


def test_the_checker_finds_italian_words() -> None:
    assert italian_words('<p>Nessuna conversazione</p><button aria-label="Chiudi il menu">x</button>') == [
        "Chiudi", "Nessuna"]
    assert italian_words("<p>No conversations</p><script>var Conversazioni;</script>") == []


@pytest.mark.django_db
def test_the_switch_is_in_the_user_menu(supervisor: Client) -> None:
    page = supervisor.get("/").content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(0) and 'name="next" value="/"' in form.group(0)
    assert re.findall(r'name="language" value="(\w+)"', form.group(0)) == ["it", "en"]
    assert 'aria-current="true"' in form.group(0).split('value="en"')[0]  # Italian, the default, is current


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/impostazioni/", "/statistiche/", "/pratiche/", "/impostazioni/orari/"])
def test_console_pages_in_english_after_switching(supervisor: Client, path: str) -> None:
    italian = supervisor.get(path)
    assert italian.status_code == 200
    assert '<html lang="it"' in italian.content.decode()
    switch_language(supervisor, "en", path)
    english = supervisor.get(path)
    assert english.status_code == 200
    page = english.content.decode()
    assert '<html lang="en"' in page
    assert italian_words(page) == []


@pytest.mark.django_db
def test_switching_back_to_italian(supervisor: Client) -> None:
    switch_language(supervisor, "en", "/")
    assert '<html lang="en"' in supervisor.get("/").content.decode()
    switch_language(supervisor, "it", "/")
    assert '<html lang="it"' in supervisor.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/assistenza/esempio/", "/assistenza/esempio/privacy/"])
def test_the_public_web_form_in_english(town, path: str) -> None:  # type: ignore[no-untyped-def]
    citizen = Client()
    switch_language(citizen, "en", path)
    response = citizen.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert italian_words(page) == []


@pytest.mark.django_db
def test_an_english_browser_gets_english_without_switching(town) -> None:  # type: ignore[no-untyped-def]
    page = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/assistenza/esempio/").content.decode()
    assert '<html lang="en"' in page and italian_words(page) == []


def test_holiday_names_follow_the_reader() -> None:
    from datetime import date

    from sportello.policies.hours import Schedule, italian_holidays

    assert italian_holidays(2027)[date(2027, 6, 2)] == "Festa della Repubblica"
    assert italian_holidays(2027, language="en")[date(2027, 6, 2)] == "Republic Day"
    assert Schedule().closed_reason(date(2027, 10, 4), "en") == ("Saint Francis of Assisi, Patron Saint of Italy", None)
