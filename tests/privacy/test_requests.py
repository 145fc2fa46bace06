"""Data-subject requests as services and over the API: who may ask, restriction, objection, rectification, audit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sportello.api.models import ApiToken
from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.models import Citizen
from sportello.conversations.pipeline.context import InboundContext
from sportello.core.models import AuditEntry
from sportello.municipalities.models import Municipality
from sportello.policies.services import subscribe
from sportello.privacy import services
from sportello.privacy.pipeline import respect_restriction
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return Municipality.objects.create(slug="borgo", name="Comune di Borgo")


@pytest.fixture
def citizen(town):
    return Citizen.objects.create(municipality=town, display_name="Anna Serra")


def api(user, scopes=("privacy",)) -> dict:
    _, secret = ApiToken.issue(user, scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_supervisors_of_the_citizens_town_may_ask(town, citizen):
    client = Client()
    operator = make_staff("op", town)
    supervisor = make_staff("sup", town, role="supervisor")
    elsewhere = make_staff("other", Municipality.objects.create(slug="altro", name="Altro"), role="administrator")
    url = f"/api/v1/citizens/{citizen.pk}/export"
    assert client.get(url, **api(operator)).status_code == 403
    assert client.get(url, **api(elsewhere)).status_code == 404
    assert client.get(url, **api(supervisor, scopes=("read",))).status_code == 403  # the token lacks the scope
    response = client.get(url, **api(supervisor))
    assert response.status_code == 200
    assert response.json()["subject"]["records"][0]["display_name"] == "Anna Serra"
    assert AuditEntry.objects.filter(action="privacy.exported", target_id=str(citizen.pk)).count() == 1
    assert client.post(f"/api/v1/citizens/{citizen.pk}/erase", {"confirm": True}, content_type="application/json",
                       **api(operator)).status_code == 403
    assert Citizen.objects.filter(pk=citizen.pk).exists()


def test_restriction_stops_automatic_processing_but_not_the_message(town, citizen, monkeypatch):
    published = []
    monkeypatch.setattr("sportello.privacy.pipeline.publish", lambda ctx: published.append(ctx))
    pipeline = settings.SPORTELLO_INBOUND_PIPELINE
    step = "sportello.privacy.pipeline.respect_restriction"
    assert pipeline.index(step) == pipeline.index("sportello.conversations.pipeline.steps.fetch_media") + 1

    ctx = InboundContext(inbound=None, account=None, municipality=town, citizen=citizen, message=object())
    respect_restriction(ctx)
    assert not ctx.stop and not published
    services.restrict_processing(citizen, actor=None, reason="contesta l'esattezza dei dati")
    respect_restriction(ctx)
    assert ctx.stop and ctx.notes["privacy"] == "restricted" and published == [ctx]
    services.lift_restriction(citizen, actor=None)
    ctx = InboundContext(inbound=None, account=None, municipality=town, citizen=citizen, message=object())
    respect_restriction(ctx)
    assert not ctx.stop
    assert list(AuditEntry.objects.filter(action__startswith="privacy.").values_list("action", flat=True)) == [
        "privacy.restriction_lifted", "privacy.restricted"]


def test_objection_ends_every_subscription_and_blocks_new_ones(town, citizen):
    news = MailingList.objects.create(municipality=town, slug="notizie", name="Notizie", requires_consent=False)
    alerts = MailingList.objects.create(municipality=town, slug="allerte", name="Allerte", requires_consent=False)
    from django.utils import timezone

    subscribe(citizen, [news, alerts], at=timezone.now())
    assert Subscription.objects.filter(citizen=citizen, active=True).count() == 2
    assert services.object_to_broadcasts(citizen, actor=None) == 2
    assert not Subscription.objects.filter(citizen=citizen, active=True).exists()
    subscribe(citizen, [news], at=timezone.now())  # e.g. the keyword command again
    assert not Subscription.objects.filter(citizen=citizen, active=True).exists()
    services.withdraw_objection(citizen, actor=None)
    subscribe(citizen, [news], at=timezone.now())
    assert Subscription.objects.filter(citizen=citizen, active=True).count() == 1


def test_rectification_over_the_api(town, citizen):
    supervisor = make_staff("sup", town, role="supervisor")
    response = Client().post(f"/api/v1/citizens/{citizen.pk}/rectify", {"display_name": "Anna Maria Serra"},
                             content_type="application/json", **api(supervisor))
    assert response.status_code == 200, response.content
    citizen.refresh_from_db()
    assert citizen.display_name == "Anna Maria Serra"
    entry = AuditEntry.objects.get(action="privacy.rectified")
    assert entry.data == {"fields": ["display_name"]} and entry.actor == supervisor


def test_a_restricted_citizen_is_out_of_every_campaign_audience(town, citizen):
    from django.utils import timezone

    from sportello.broadcasts.models import Campaign
    from sportello.broadcasts.services import audience_size
    from sportello.municipalities.models import ChannelAccount

    account = ChannelAccount.objects.create(municipality=town, channel="telegram", label="Bot")
    news = MailingList.objects.create(municipality=town, slug="notizie", name="Notizie", requires_consent=False)
    other = Citizen.objects.create(municipality=town)
    for person in (citizen, other):
        subscribe(person, [news], at=timezone.now(), account=account)
    campaign = Campaign.objects.create(municipality=town, title="Avviso", text="Strada chiusa")
    campaign.lists.add(news)
    assert audience_size(campaign) == 2
    services.restrict_processing(citizen, actor=None)
    assert audience_size(campaign) == 1
    assert Subscription.objects.filter(citizen=citizen, active=True).exists()  # kept for when it is lifted


def test_erasure_deletes_rows_that_protect_each_other(town, citizen):
    """A subscription PROTECTs the consent record it was given under: the order of the registry must not matter."""
    from django.utils import timezone

    from sportello.citizens.models import ConsentRecord

    news = MailingList.objects.create(municipality=town, slug="notizie", name="Notizie")
    consent = ConsentRecord.objects.create(citizen=citizen, action="accepted", words="Accetto l'informativa")
    subscribe(citizen, [news], at=timezone.now(), consent=consent)
    done = services.erase_citizen(citizen, actor=None, reason="test")
    assert done["counts"]["citizens.ConsentRecord"] == 1 and done["counts"]["broadcasts.Subscription"] == 1
    assert not ConsentRecord.objects.exists() and not Subscription.objects.exists()
    assert MailingList.objects.filter(pk=news.pk).exists()
