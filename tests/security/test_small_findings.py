"""Issue 14, the smaller findings: CSV formulas, the redirect after a moderation action, the media id in the Graph
path, and campaigns paused or cancelled only by supervisors and administrators."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from sportello.broadcasts import services as broadcasts
from sportello.broadcasts.models import Campaign, Delivery
from sportello.connectors.base import TransportError
from sportello.connectors.whatsapp.client import GraphClient
from sportello.conversations.models import Message
from tests.broadcasts import helpers as h
from tests.cases.conftest import conversation_with
from tests.staff import login, make_staff, signed_in

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"apri\")", "+39 347", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.django_db
def test_campaign_csv_cells_cannot_start_a_formula(number):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    for i, _formula in enumerate(FORMULAS):
        h.subscribe(alerts, h.citizen(town, f"+3934700003{i:02d}"))
    campaign = h.campaign(town, [alerts], state=Campaign.State.SCHEDULED)
    broadcasts.start(campaign.pk)
    for delivery, formula in zip(Delivery.objects.order_by("pk"), FORMULAS, strict=True):
        Delivery.objects.filter(pk=delivery.pk).update(state="failed", error_code=131026, error_title=formula)
    client = Client()
    client.force_login(h.staff(town, "operatrice"))
    response = client.get(f"/campagne/{campaign.pk}/rapporto.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    reasons = [row[-1] for row in rows[1:]]
    assert reasons == ["'" + f for f in FORMULAS]
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


@pytest.mark.django_db
@pytest.mark.parametrize("target", [
    "https://evil.example/accesso/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http://testserver@evil.example/",
])
def test_moderation_action_never_redirects_off_site(town, target):
    conversation = conversation_with(town, "Messaggio offensivo")
    message = conversation.messages.get(direction=Message.Direction.INBOUND)
    client = signed_in(make_staff("moderatrice", town.municipality, role="supervisor"))
    for headers in ({"data": {"next": target}}, {"data": {}, "HTTP_REFERER": target}):
        data = headers.pop("data")
        response = client.post(f"/moderazione/messaggi/{message.pk}/segnala", data, **headers)
        assert response.status_code == 302
        assert response["Location"] == "/", response["Location"]
    back = client.post(f"/moderazione/messaggi/{message.pk}/segnala", {"next": f"/conversazioni/{conversation.pk}/"})
    assert back["Location"] == f"/conversazioni/{conversation.pk}/"  # the console's own page still works


@pytest.mark.parametrize("media_id", [
    "../1100/messages", "123?fields=access_token", "123#x", "123/../../me", "%2e%2e", "", "1" * 200, "12 34", "123\n",
])
def test_a_media_id_that_is_not_an_id_is_refused_before_any_request(media_id):
    client = GraphClient("http://127.0.0.1:9/graph", "token", "1100")
    with pytest.raises(TransportError) as refused:
        client.fetch_media(media_id, 1024)
    assert refused.value.permanent is True and "media id" in refused.value.message


def test_a_real_media_id_still_reaches_the_graph():
    client = GraphClient("http://127.0.0.1:9/graph", "token", "1100")  # a closed port: a network error, retried
    with pytest.raises(TransportError) as failed:
        client.fetch_media("1234567890987654321", 1024)
    assert failed.value.permanent is False and "network" in failed.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["pause", "cancel"])
def test_only_supervisors_pause_or_cancel_a_campaign(number, action):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    h.subscribe(alerts, h.citizen(town, "+393470000401"))
    campaign = h.campaign(town, [alerts], state=Campaign.State.SENDING)
    operator = Client()
    operator.force_login(h.staff(town, "operatore"))
    operator.post(f"/campagne/{campaign.pk}/azione/{action}/")
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING
    with pytest.raises(broadcasts.CampaignError):
        getattr(broadcasts, action)(campaign, h.staff(town, "operatore2"))  # the admin's actions go through here too
    supervisor = login(Client(), h.staff(town, "responsabile", role="supervisor"), verified=True)
    supervisor.post(f"/campagne/{campaign.pk}/azione/{action}/")
    campaign.refresh_from_db()
    assert campaign.state == {"pause": Campaign.State.PAUSED, "cancel": Campaign.State.CANCELLED}[action]
