"""The README's demo walkthrough, step by step, on the plain demo loaded as `load_demo` loads it.

Sportello's real ASGI app and the WhatsApp sandbox run on real ports (as in tests/world.py); the demo's number is
configured from the environment's WHATSAPP_* settings, like `sportello demo` does. A citizen writes ISCRIVIMI
(consent question, then the list), STOP (out of every list), and a message on Saturday (the closed reply); then
Open311 and the REST API answer without naming the municipality.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import call_command

from sportello.broadcasts.models import Subscription
from sportello.citizens.models import ConsentRecord
from sportello.municipalities.models import Municipality
from tests.policies.conftest import Phone, clock  # noqa: F401  (the movable clock fixture)
from tests.world import World

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_NUMBER_ID = "100000000000001"  # the demo's (sportello/cli.py DEMO_SECRETS)


@pytest.fixture
def demo(transactional_db, settings):
    from sportello.asgi import django_application
    from sportello.connectors.whatsapp.models import WhatsAppNumber
    from sportello.sandbox.config import BusinessNumber, SandboxConfig
    from sportello.sandbox.server import serve_in_thread, start_in_thread

    sportello_url, stop_sportello = serve_in_thread(django_application)
    config = SandboxConfig(
        numbers=[BusinessNumber(PHONE_NUMBER_ID, "390700000001", "demo-access-token", "209876543210001")],
        app_secret="demo-app-secret", webhook_url=f"{sportello_url}/webhooks/whatsapp", status_delay_ms=0,
    )
    sandbox = start_in_thread(config)
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_DISPLAY_NUMBER = "+39 070 000 0001"
    settings.WHATSAPP_ACCESS_TOKEN = "demo-access-token"
    settings.WHATSAPP_APP_SECRET = "demo-app-secret"
    settings.WHATSAPP_VERIFY_TOKEN = "demo-verify-token"
    settings.WHATSAPP_API_BASE_URL = sandbox.graph_url
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.EMAIL_ADDRESS = ""
    call_command("load_demo", preset="")
    world = World(sportello_url=sportello_url, sandbox=sandbox, number=WhatsAppNumber.objects.get())
    try:
        yield world
    finally:
        world.http.close()
        sandbox.stop()
        stop_sportello()


def test_one_municipality_with_hours_list_commands_and_canned_replies(demo):
    from sportello.console.models import CannedReply
    from sportello.policies.models import KeywordCommand, OpeningInterval

    assert list(Municipality.objects.values_list("slug", "name")) == [("demo", "Comune di Esempio")]
    assert demo.number.account.municipality.slug == "demo"
    assert OpeningInterval.objects.count() == 7  # Mon–Fri 9–13, Tue and Thu 15–17
    assert {c.action for c in KeywordCommand.objects.all()} == {"subscribe", "unsubscribe", "list", "stop"}
    assert CannedReply.objects.filter(municipality__slug="demo").count() == 4  # the README says four
    call_command("load_demo", preset="")  # idempotent: still one municipality, nothing doubled
    assert Municipality.objects.count() == 1
    assert OpeningInterval.objects.count() == 7 and KeywordCommand.objects.count() == 4


def test_readme_walkthrough_iscrivimi_stop_and_out_of_hours(demo, clock):  # noqa: F811
    rosa = Phone(demo, clock, "+393475550101")
    # Tuesday 24 November 2026, 10:00: the office is open.
    rosa.says("ISCRIVIMI", datetime(2026, 11, 24, 10, 0))
    [question] = rosa.new()
    assert question["type"] == "interactive"
    assert "Informativa della lista «Notizie del Comune»" in question["text"]
    assert "accetta la policy" in question["text"]
    assert [b["title"] for b in question["buttons"]] == ["Accetto", "Non accetto"]

    rosa.taps("Accetto", datetime(2026, 11, 24, 10, 1))
    [welcome] = rosa.new_texts()
    assert welcome.startswith("Benvenuto nella lista «Notizie del Comune» del Comune di Esempio!")
    subscription = Subscription.objects.get(active=True)
    assert subscription.mailing_list.slug == "notizie" and subscription.consent.action == "accepted"

    rosa.says("STOP", datetime(2026, 11, 24, 10, 5))
    [stopped] = rosa.new_texts()
    assert "Notizie del Comune" in stopped
    assert not Subscription.objects.filter(active=True).exists()
    assert list(ConsentRecord.objects.order_by("at").values_list("action", flat=True)) == ["accepted", "withdrawn"]

    # Saturday 28 November 2026, 10:00: closed; the automatic reply says when the office reopens.
    rosa.says("Buongiorno, a che ora apre l'anagrafe?", datetime(2026, 11, 28, 10, 0))
    [closed] = rosa.new_texts()
    assert closed.startswith("Grazie per aver scritto all'URP del Comune di Esempio.")
    assert "Riapriamo lunedì 30 novembre alle 9:00" in closed

    # A second message in the same closed period gets no second reply.
    rosa.says("Grazie", datetime(2026, 11, 28, 10, 5))
    assert rosa.new_texts() == []


def test_open311_and_api_without_naming_the_municipality(demo):
    from django.contrib.auth import get_user_model

    from sportello.api import scopes
    from sportello.api.models import ApiToken

    services = demo.http.get(f"{demo.sportello_url}/open311/v2/services.json")
    assert services.status_code == 200, services.text
    assert isinstance(services.json(), list) and services.json()  # the demo's public categories
    discovery = demo.http.get(f"{demo.sportello_url}/open311/v2/requests.json")
    assert discovery.status_code == 200, discovery.text

    _, token = ApiToken.issue(get_user_model().objects.get(username="admin"), scopes=scopes.parse("read,reports"))
    auth = {"Authorization": f"Bearer {token}"}
    for path in ("/api/v1/conversations", "/api/v1/reports/activity", "/api/v1/reports/satisfaction"):
        response = demo.http.get(f"{demo.sportello_url}{path}", headers=auth)
        assert response.status_code == 200, (path, response.text)
