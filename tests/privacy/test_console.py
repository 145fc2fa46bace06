"""The console's privacy pages: per citizen (supervisors of its town only), erasure behind a confirmation, and the
DPO's record of processing and DPIA generated from the configuration."""

from __future__ import annotations

import pytest

from sportello.citizens.models import Citizen
from sportello.conversations.models import Conversation
from sportello.core.models import AuditEntry
from sportello.municipalities.models import ChannelAccount, Municipality
from sportello.privacy.models import RetentionPolicy
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    town = Municipality.objects.create(slug="borgo", name="Comune di Borgo")
    ChannelAccount.objects.create(municipality=town, channel="whatsapp", label="URP")
    ChannelAccount.objects.create(municipality=town, channel="telegram", label="Bot")
    return town


def test_the_citizen_page_and_erasure_with_confirmation(town):
    citizen = Citizen.objects.create(municipality=town, display_name="Anna Serra")
    Conversation.objects.create(municipality=town, account=ChannelAccount.objects.first(), citizen=citizen)
    supervisor = signed_in(make_staff("sup", town, role="supervisor"))
    operator = signed_in(make_staff("op", town))
    stranger = signed_in(make_staff("x", Municipality.objects.create(slug="altro", name="Altro"), role="supervisor"))
    conversation = Conversation.objects.get(citizen=citizen)
    assert f'href="/privacy/cittadini/{citizen.pk}/"' in supervisor.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "privacy-link" not in operator.get(f"/conversazioni/{conversation.pk}/").content.decode()
    url = f"/privacy/cittadini/{citizen.pk}/"
    assert operator.get(url).status_code == 403
    assert stranger.get(url).status_code == 404
    page = supervisor.get(url)
    assert page.status_code == 200 and "Anna Serra" in page.content.decode()

    assert supervisor.get(f"{url}esporta.pdf").content.startswith(b"%PDF")
    assert supervisor.get(f"{url}cancella/").status_code == 200
    unconfirmed = supervisor.post(f"{url}cancella/", {"reason": "PEC 12"})
    assert unconfirmed.status_code == 302 and Citizen.objects.filter(pk=citizen.pk).exists()
    assert operator.post(f"{url}cancella/", {"confirm": "yes"}).status_code == 403
    done = supervisor.post(f"{url}cancella/", {"confirm": "yes", "reason": "PEC 12"})
    assert done.status_code == 302 and not Citizen.objects.filter(pk=citizen.pk).exists()
    entry = AuditEntry.objects.get(action="privacy.erased")
    assert entry.data["reason"] == "PEC 12" and entry.data["counts"]["citizens.Citizen"] == 1


def test_restriction_from_the_console(town):
    citizen = Citizen.objects.create(municipality=town)
    supervisor = signed_in(make_staff("sup", town, role="supervisor"))
    response = supervisor.post(f"/privacy/cittadini/{citizen.pk}/richieste/", {"action": "restrict"})
    assert response.status_code == 302
    assert citizen.privacy.restricted_at is not None


def test_record_of_processing_follows_the_configuration(town):
    RetentionPolicy.objects.create(municipality=town, messages_days=400)
    supervisor = signed_in(make_staff("dpo", town, role="administrator"))
    assert signed_in(make_staff("op", town)).get("/privacy/").status_code == 403
    page = supervisor.get("/privacy/")
    assert page.status_code == 200
    text = supervisor.get("/privacy/registro.md").content.decode()
    assert "Meta Platforms" in text and "Telegram" in text and "| 400 | 730 |" in text
    assert "Messaggi" in text
    assert supervisor.get("/privacy/registro.pdf").content.startswith(b"%PDF")
    assert "WP248" in supervisor.get("/privacy/dpia.md").content.decode()
    assert supervisor.get("/privacy/altro.md").status_code == 404
