"""Moderation actions through the real webhook → ingest → pipeline path (no network): per-category configuration,
the screen's context, strikes, blocking and unblocking, lists."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model

from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.models import Citizen
from sportello.conversations import ingest
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline import runner
from sportello.core.models import AuditEntry
from sportello.moderation import services
from sportello.moderation.models import CategoryAction, Review, Screening, Strike
from tests.conftest import post_webhook
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db

PHONE = "393331234567"
INSULT = "Siete una manica di stronzi incompetenti"


@pytest.fixture(autouse=True)
def _moderation_pipeline(settings):
    """The foundation's steps and moderation only: these tests are about this step, not its neighbours."""
    settings.SPORTELLO_INBOUND_PIPELINE = [
        "sportello.conversations.pipeline.steps.identify_citizen",
        "sportello.conversations.pipeline.steps.store_message",
        "sportello.conversations.pipeline.steps.fetch_media",
        "sportello.moderation.pipeline.screen",
        "sportello.conversations.pipeline.steps.publish",
    ]
    runner.steps.cache_clear()
    yield
    runner.steps.cache_clear()


def send(client, text: str, phone: str = PHONE, **kwargs) -> Message:
    post_webhook(client, p.body(p.text_message(text, phone=phone, **kwargs)))
    ingest.drain()
    return Message.objects.filter(direction="in").latest("pk")


def notices(conversation: Conversation) -> list[str]:
    return list(conversation.messages.filter(direction="out").order_by("pk").values_list("text", flat=True))


def test_clean_message_is_screened_and_left_alone(client, number):
    message = send(client, "Buongiorno, in via Troia c'è una buca enorme")
    assert message.screening.flagged is False and message.hidden_at is None
    assert not Review.objects.exists() and notices(message.conversation) == []


def test_own_phone_number_is_not_someone_elses(client, number):
    text = "Potete richiamare il 333 123 4567 per la CIE?"
    own = send(client, text)
    assert own.screening.flagged is False and own.hidden_at is None
    assert "own data" in own.screening.cleared[0]["detail"]  # why it was not flagged, for a reviewer
    # The same text from another number: a third party's number.
    other = send(client, text, phone="393479990000")
    assert other.screening.categories == ["third_party_pii"] and other.hidden_at is not None
    # The number is used by the screen only: not in the notes, the audit log or the verdict's cleared findings.
    assert "333 123 4567" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_municipality_domains_and_official_iban_are_allowed(client, number):
    town = number.account.municipality
    town.website = "https://www.comune.esempio.org/"
    town.links = {"Tributi": "https://tributi.esempio-servizi.com/tari"}
    town.save()
    policy = services.policy_for(town)
    policy.official_ibans = ["IT60X0542811101000000123456"]
    policy.save()
    for text in ("Ho letto su https://tributi.esempio-servizi.com/tari/scadenze che la rata scade il 16",
                 "Ho visto sul sito comune.esempio.org/novita l'avviso, confermate?",
                 "Per l'alluvione si può donare sul conto del Comune IT60X0542811101000000123456?"):
        assert send(client, text).screening.flagged is False, text
    spam = send(client, "Guadagna 500 euro al giorno con il trading: https://crypto-profit.xyz/bonus")
    assert "spam_link" in spam.screening.categories and spam.hidden_at is not None


def test_actions_are_configured_per_category(client, number):
    policy = services.policy_for(number.account.municipality)
    CategoryAction.objects.create(policy=policy, category="vulgar", hide=False, notify=False, strike=False)
    message = send(client, INSULT)
    assert message.hidden_at is None  # flagged only: still in the inbox
    assert message.review.state == Review.State.PENDING and message.review.categories == ["vulgar"]
    assert notices(message.conversation) == [] and not Strike.objects.exists()


def test_threshold_override_per_category(client, number):
    policy = services.policy_for(number.account.municipality)
    CategoryAction.objects.create(policy=policy, category="vulgar", threshold=0.999)
    message = send(client, INSULT)  # the lexicon's 0.9, about 0.99 with the shipped model's evidence
    assert message.screening.flagged is False and 0.9 <= message.screening.findings.get(category="vulgar").score < 0.999


def test_third_party_data_is_hidden_without_a_strike(client, number):
    message = send(client, "Vi segnalo che il signor Luca Pinna, tel 3475551234, abita in via Roma 5 e non paga")
    assert message.hidden_at is not None and not Strike.objects.exists()
    assert "dati personali di terzi" in notices(message.conversation)[0]


def test_strikes_block_after_n_and_unblock_revokes_them(client, number):
    town = number.account.municipality
    policy = services.policy_for(town)
    policy.strikes_to_block = 2
    policy.save()
    send(client, INSULT)
    assert Citizen.objects.get().blocked_at is None
    second = send(client, "Vaffanculo a tutto il comune")
    citizen = Citizen.objects.get()
    assert citizen.blocked_at is not None and "2 violazioni" in citizen.blocked_reason
    assert "bloccato" in notices(second.conversation)[-1]
    assert len(notices(second.conversation)) == 2  # one notice, then the block notice (not both)

    clean = send(client, "Scusate, volevo solo sapere gli orari dell'anagrafe")
    assert clean.hidden_at is not None and clean.review.origin == Review.Origin.BLOCKED
    assert len(notices(clean.conversation)) == 2

    moderator = get_user_model().objects.create_user("mod")
    with pytest.raises(services.ModerationError):
        services.unblock_citizen(citizen, actor=moderator, reason="  ")
    services.unblock_citizen(citizen, actor=moderator, reason="Si è scusato al telefono con l'URP")
    citizen.refresh_from_db()
    assert citizen.blocked_at is None and services.active_strikes(citizen) == 0
    entry = AuditEntry.objects.get(action="citizen.unblocked")
    assert (entry.actor, entry.data["reason"], entry.data["strikes_revoked"]) == (
        moderator, "Si è scusato al telefono con l'URP", 2
    )
    assert send(client, "Grazie, a che ora apre l'anagrafe?").hidden_at is None


def test_strikes_expire(client, number):
    from datetime import timedelta

    from django.utils import timezone

    policy = services.policy_for(number.account.municipality)
    policy.strikes_to_block, policy.strike_days = 2, 30
    policy.save()
    send(client, INSULT)
    Strike.objects.update(created_at=timezone.now() - timedelta(days=31))
    send(client, "Vaffanculo a tutto il comune")
    assert Citizen.objects.get().blocked_at is None


def test_blocking_keeps_emergency_lists_unless_decided(client, number):
    town = number.account.municipality
    send(client, "Buongiorno")
    citizen = Citizen.objects.get()
    alerts = MailingList.objects.create(municipality=town, slug="allerte", name="Allerte", category="emergency")
    news = MailingList.objects.create(municipality=town, slug="notizie", name="Notizie", category="news")
    for mailing_list in (alerts, news):
        Subscription.objects.create(mailing_list=mailing_list, citizen=citizen)
    moderator = get_user_model().objects.create_user("mod")
    services.block_citizen(citizen, actor=moderator, reason="Minacce al personale")
    assert Subscription.objects.filter(active=True).count() == 2
    services.remove_from_mailing_lists(citizen, actor=moderator, reason="Usa le risposte alle allerte per insultare")
    assert Subscription.objects.filter(active=True).count() == 0
    entry = AuditEntry.objects.get(action="moderation.lists_removed")
    assert sorted(entry.data["lists"]) == sorted([alerts.pk, news.pk]) and entry.actor == moderator


def test_edit_into_an_insult_hides_the_original(client, number):
    original = send(client, "Buongiorno, quando passa la raccolta?", message_id="wamid.ORIG1")
    edit = {
        "id": "wamid.EDIT1", "timestamp": str(int(time.time())), "type": "edit", "from": PHONE,
        "edit": {"original_message_id": "wamid.ORIG1", "message": {"type": "text", "text": {"body": INSULT}}},
    }
    post_webhook(client, p.body({"contacts": [{"profile": {"name": "M"}, "wa_id": PHONE}], "messages": [edit]}))
    ingest.drain()
    original.refresh_from_db()
    assert original.text == INSULT and original.hidden_at is not None


def test_notice_refused_when_the_window_is_closed_is_recorded(client, number):
    old = int(time.time()) - 30 * 3600
    message = send(client, INSULT, ts=old)
    assert message.hidden_at is not None and notices(message.conversation) == []
    assert AuditEntry.objects.get(action="moderation.notice_refused").data == {"code": "window_closed"}


def test_moderation_can_be_switched_off(client, number):
    policy = services.policy_for(number.account.municipality)
    policy.enabled = False
    policy.save()
    message = send(client, INSULT)
    assert message.hidden_at is None
    assert not Screening.objects.exists() and not Review.objects.exists()


def test_document_file_names_are_screened(client, number):
    document = {
        "id": p.wamid(), "timestamp": str(int(time.time())), "type": "document", "from": PHONE,
        "document": {"id": "MEDIA1", "mime_type": "application/pdf", "filename": "stronzi_del_comune.pdf",
                     "sha256": "x"},
    }
    post_webhook(client, p.body({"contacts": [{"profile": {"name": "M"}, "wa_id": PHONE}], "messages": [document]}))
    ingest.drain()
    message = Message.objects.get(direction="in")
    # Only the file name's insult flags; the model's weaker readings of it are kept beside it, unflagged.
    flagged = message.screening.findings.get(flagged=True)
    assert (flagged.part, flagged.category) == ("filename:stronzi_del_comune.pdf", "vulgar")
    assert message.hidden_at is not None
