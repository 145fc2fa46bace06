"""The review queue in the console: who may open it, tenant isolation, decisions with reasons, all audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from sportello.citizens.models import Citizen
from sportello.conversations import ingest
from sportello.conversations.models import Attachment, Message
from sportello.conversations.pipeline import runner
from sportello.core.models import AuditEntry
from sportello.moderation import services
from sportello.moderation.models import Review, Strike
from tests.conftest import make_number, post_webhook
from tests.connectors import payloads as p
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db

INSULT = "Siete una manica di stronzi incompetenti"


@pytest.fixture(autouse=True)
def _moderation_pipeline(settings):
    settings.SPORTELLO_INBOUND_PIPELINE = [
        "sportello.conversations.pipeline.steps.identify_citizen",
        "sportello.conversations.pipeline.steps.store_message",
        "sportello.moderation.pipeline.screen",
        "sportello.conversations.pipeline.steps.publish",
    ]
    runner.steps.cache_clear()
    yield
    runner.steps.cache_clear()






@pytest.fixture
def town(db):
    return make_number().account.municipality


@pytest.fixture
def hidden(client, town) -> Message:
    post_webhook(client, p.body(p.text_message(INSULT)))
    ingest.drain()
    return Message.objects.get(direction="in")


def test_operators_cannot_open_the_quarantine(town, hidden):
    operator = make_staff("anna", town, "operator")
    console = signed_in(operator)
    assert console.get("/moderazione/").status_code == 403
    assert console.get(f"/moderazione/revisioni/{hidden.review.pk}/").status_code == 403
    assert console.post(f"/moderazione/revisioni/{hidden.review.pk}/decisione",
                        {"decision": "restore", "reason": "x"}).status_code == 403
    assert Client().get("/moderazione/").status_code == 302  # to the login page


def test_supervisor_sees_the_queue_and_evidence(town, hidden):
    supervisor = signed_in(make_staff("sara", town, "supervisor"))
    page = supervisor.get("/moderazione/")
    assert page.status_code == 200
    assert INSULT in page.content.decode() and "linguaggio offensivo o scurrile" in page.content.decode()
    detail = supervisor.get(f"/moderazione/revisioni/{hidden.review.pk}/").content.decode()
    assert "stronzi" in detail and "lexicon" in detail  # the screen's evidence
    assert AuditEntry.objects.filter(action="moderation.review_opened", target_id=str(hidden.pk)).exists()


def test_another_municipality_is_a_404(town, hidden):
    other = make_number("9988776655443", slug="sassari").account.municipality
    foreign = signed_in(make_staff("piero", other, "administrator"))
    assert foreign.get("/moderazione/").content.decode().count(INSULT) == 0
    assert foreign.get(f"/moderazione/revisioni/{hidden.review.pk}/").status_code == 404
    citizen = hidden.conversation.citizen
    assert foreign.get(f"/moderazione/cittadini/{citizen.pk}/").status_code == 404
    assert foreign.post("/moderazione/prove", {"citizen": citizen.pk, "reason": "x"}).status_code == 404


def test_the_moderate_capability_makes_an_operator_a_moderator(town, hidden):
    operator = make_staff("anna", town, "operator")
    operator.user_permissions.add(Permission.objects.get(codename="moderate", content_type__app_label="moderation"))
    assert signed_in(get_user_model().objects.get(pk=operator.pk)).get("/moderazione/").status_code == 200


def test_a_decision_needs_a_reason(town, hidden):
    supervisor = signed_in(make_staff("sara", town, "supervisor"))
    supervisor.post(f"/moderazione/revisioni/{hidden.review.pk}/decisione", {"decision": "restore", "reason": " "})
    hidden.refresh_from_db()
    assert hidden.hidden_at is not None and hidden.review.state == Review.State.PENDING
    assert not AuditEntry.objects.filter(action="moderation.restored").exists()


def test_confirm_keeps_it_hidden_and_is_audited(town, hidden):
    user = make_staff("sara", town, "supervisor")
    supervisor = signed_in(user)
    supervisor.post(f"/moderazione/revisioni/{hidden.review.pk}/decisione",
                    {"decision": "confirm", "reason": "Insulto al personale"})
    hidden.refresh_from_db()
    review = hidden.review
    assert hidden.hidden_at is not None
    assert (review.state, review.decided_by, review.decision_reason) == (Review.State.CONFIRMED, user, "Insulto al personale")
    entry = AuditEntry.objects.get(action="moderation.confirmed")
    assert (entry.actor, entry.target_id, entry.data["reason"]) == (user, str(hidden.pk), "Insulto al personale")


def test_restore_revokes_the_strike_and_counts_the_message_unread(town, hidden):
    assert Strike.objects.get().revoked_at is None
    user = make_staff("sara", town, "supervisor")
    signed_in(user).post(f"/moderazione/revisioni/{hidden.review.pk}/decisione",
                         {"decision": "restore", "reason": "Citazione di un cartello, non un insulto"})
    hidden.refresh_from_db()
    assert hidden.hidden_at is None and Strike.objects.get().revoked_at is not None
    assert hidden.conversation.unread_count == 1 and hidden.conversation.waiting_since == hidden.sent_at


def test_block_and_unblock_by_hand(town, hidden):
    user = make_staff("ada", town, "administrator")
    admin = signed_in(user)
    citizen = hidden.conversation.citizen
    admin.post(f"/moderazione/cittadini/{citizen.pk}/blocca", {"reason": ""})
    citizen.refresh_from_db()
    assert citizen.blocked_at is None  # no reason, no block
    admin.post(f"/moderazione/cittadini/{citizen.pk}/blocca", {"reason": "Minacce ripetute"})
    citizen.refresh_from_db()
    assert citizen.blocked_at is not None and citizen.blocked_reason == "Minacce ripetute"
    assert AuditEntry.objects.get(action="citizen.blocked").actor == user
    assert "Minacce ripetute" in admin.get(f"/moderazione/cittadini/{citizen.pk}/").content.decode()
    admin.post(f"/moderazione/cittadini/{citizen.pk}/sblocca", {"reason": "Errore di persona"})
    assert Citizen.objects.get(pk=citizen.pk).blocked_at is None


def test_operator_reports_and_moderator_hides_a_missed_message(client, town):
    post_webhook(client, p.body(p.text_message("Il dirigente Rossi prende tangenti da anni, lo sanno tutti")))
    ingest.drain()
    message = Message.objects.get(direction="in")
    message.hidden_at = None
    message.save()
    Review.objects.filter(message=message).delete()
    operator = signed_in(make_staff("anna", town, "operator"))
    operator.post(f"/moderazione/messaggi/{message.pk}/segnala", {"reason": "Accuse a un dirigente"})
    assert Review.objects.get(message=message).origin == Review.Origin.STAFF
    assert operator.post(f"/moderazione/messaggi/{message.pk}/nascondi", {"reason": "x"}).status_code == 403
    supervisor = signed_in(make_staff("sara", town, "supervisor"))
    supervisor.post(f"/moderazione/messaggi/{message.pk}/nascondi", {"reason": "Diffamazione", "strike": "1"})
    message.refresh_from_db()
    assert message.hidden_at is not None and message.review.state == Review.State.CONFIRMED
    assert Strike.objects.filter(message=message).exists()


def test_quarantined_media_only_through_moderation(town, hidden, settings):
    from django.core.files.base import ContentFile

    attachment = Attachment(message=hidden, kind="image", mime_type="image/jpeg", filename="foto.jpg",
                            state=Attachment.State.READY)
    attachment.file.save("foto.jpg", ContentFile(b"\xff\xd8jpeg"), save=True)
    operator = signed_in(make_staff("anna", town, "operator"))
    assert operator.get(f"/attachments/{attachment.pk}").status_code == 404
    supervisor = signed_in(make_staff("sara", town, "supervisor"))
    response = supervisor.get(f"/moderazione/allegati/{attachment.pk}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"\xff\xd8jpeg"


def test_console_side_panel(town, hidden):
    from django.test import RequestFactory

    from sportello.moderation.panel import moderation_panel

    request = RequestFactory().get("/")
    request.user = make_staff("anna", town, "operator")
    context = moderation_panel(request, hidden.conversation)
    assert context["moderation_quarantined"] == 1 and context["moderation_moderator"] is False
    request.user = make_staff("sara", town, "supervisor")
    assert moderation_panel(request, hidden.conversation)["moderation_strikes"] == 1
    services.restore(hidden.review, actor=request.user, reason="ok")
    request.user = get_user_model().objects.get(username="anna")
    assert moderation_panel(request, hidden.conversation) is None
