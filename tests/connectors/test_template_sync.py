"""The WhatsApp template registry: synchronised from the sandbox's Business Management API over HTTP, updated by
Meta's template webhooks, refused (132001) when unknown, and offered to the composers through connectors.templates."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sportello.broadcasts.models import Campaign
from sportello.connectors import templates as facade
from sportello.connectors.base import OtherUpdate
from sportello.connectors.whatsapp import template_sync, template_webhook
from sportello.connectors.whatsapp.models import MessageTemplate, WhatsAppNumber
from sportello.connectors.whatsapp.parser import parse_body
from sportello.conversations import outbound
from sportello.conversations.models import Message
from sportello.core.models import AuditEntry
from tests.sending import run_sender
from tests.conftest import load_fixture

WABA = "209876543210001"  # the world's sandbox number's WABA
CITIZEN = "+393471112299"


def _connect(world) -> WhatsAppNumber:
    number = world.number
    number.waba_id = WABA
    number.save()
    return number


def _rows(account) -> dict[str, MessageTemplate]:
    return {t.name: t for t in MessageTemplate.objects.filter(account=account)}


@pytest.mark.django_db(transaction=True)
def test_sync_follows_every_page_and_derives_the_fields(world, monkeypatch):
    number = _connect(world)
    extra = [{"name": f"avviso_{i:02d}", "body": f"Avviso {i}: {{{{1}}}}"} for i in range(7)]
    extra.append({"name": "in_attesa", "body": "In attesa {{1}}", "status": "PENDING"})
    extra.append({"name": "titolo", "header_text": "Comune informa", "body": "Testo {{1}} e {{2}}",
                  "footer": "Non rispondere", "buttons": ["Sì", "No"], "category": "MARKETING"})
    world.sandbox_api("POST", "message_templates", json=extra)
    requests: list[dict] = []
    real_get = template_sync.GraphClient.get

    def counting_get(self, url, params=None):  # type: ignore[no-untyped-def]
        requests.append(dict(params or {}))
        return real_get(self, url, params)

    monkeypatch.setattr(template_sync, "PAGE_SIZE", 4)
    monkeypatch.setattr(template_sync.GraphClient, "get", counting_get)

    result = template_sync.sync_account(number.account)

    listed = world.sandbox_api("GET", "message_templates")["templates"]
    expected = {t["name"] for t in listed if t["waba_id"] == WABA}
    assert result.ok and result.created == len(expected) and result.removed == 0
    assert len(requests) == -(-len(expected) // 4) and "after" in requests[1] and requests[0]["limit"] == 4
    rows = _rows(number.account)
    assert set(rows) == expected
    assert rows["avviso_03"].status == "approved" and rows["avviso_03"].body == "Avviso 3: {{1}}"
    assert rows["in_attesa"].status == "pending"
    titolo = rows["titolo"]
    assert (titolo.category, titolo.header, titolo.header_text, titolo.footer, titolo.buttons) == (
        "marketing", "text", "Comune informa", "Non rispondere", ["Sì", "No"])
    assert titolo.parameter_count == 2 and titolo.meta_id and titolo.synced_at is not None
    assert rows["allerta_immagine"].header == "image"
    number.refresh_from_db()
    assert number.templates_synced_at is not None and number.templates_sync_error == ""
    assert AuditEntry.objects.filter(action="whatsapp_templates.synced", target_id=str(number.account_id)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_template_no_longer_listed_is_marked_deleted_and_kept_for_its_campaign(world):
    number = _connect(world)
    gone = MessageTemplate.objects.create(account=number.account, name="vecchio", body="x {{1}}", status="approved",
                                          meta_id="4455")
    by_hand = MessageTemplate.objects.create(account=number.account, name="a_mano", body="y", status="approved")
    campaign = Campaign.objects.create(municipality=world.municipality, title="Vecchia", text="t", template=gone)
    result = template_sync.sync_account(number.account)
    assert result.ok and result.removed == 1
    gone.refresh_from_db()
    by_hand.refresh_from_db()
    assert gone.status == "deleted"
    assert by_hand.status == "pending"  # never on Meta: not offered until it is created there
    assert Campaign.objects.get(pk=campaign.pk).template_id == gone.pk
    assert {"vecchio", "a_mano"}.isdisjoint(c.name for c in facade.approved_templates(world.municipality))


@pytest.mark.django_db
def test_sync_failures_are_stored_and_audited_not_raised(number):
    result = template_sync.sync_account(number.account)  # no WABA id
    assert not result.ok and "WhatsApp Business Account" in result.error
    number.waba_id = "123"
    number.save()
    result = template_sync.sync_account(number.account)  # the tests' Graph URL is a closed port
    assert not result.ok
    number.refresh_from_db()
    assert number.templates_sync_error == result.error and number.templates_synced_at is None
    assert AuditEntry.objects.filter(action="whatsapp_templates.sync_failed").count() == 2


@pytest.mark.django_db
def test_sync_due_claims_each_stale_number_once(number, monkeypatch):
    synced: list[int] = []
    monkeypatch.setattr(template_sync, "sync_account", lambda account, actor=None: synced.append(account.pk))
    number.waba_id = "123"
    number.save()
    assert template_sync.sync_due() == 1 and synced == [number.account_id]
    assert template_sync.sync_due() == 0  # tried a moment ago: not due again


@pytest.mark.django_db(transaction=True)
def test_management_command_syncs_a_municipality(world, capsys):
    _connect(world)
    call_command("sync_templates", municipality=world.municipality.slug)
    assert "risposta_urp" in _rows(world.number.account)
    assert "templates" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("sync_templates", municipality="nessuno")


# -- Meta's template webhooks ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_parser_gives_template_webhooks_to_the_waba():
    batch = parse_body(json.dumps(load_fixture("template_status_rejected.json")).encode())
    assert batch.messages == [] and batch.problems == []
    (update,) = batch.others
    assert (update.field, update.account_ref) == ("message_template_status_update", "102290129340398")
    assert update.value["event"] == "REJECTED" and update.value["message_template_name"] == "abandoned_cart"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("template_status_approved.json", {"status": "approved", "category": "utility", "rejected_reason": ""}),
        ("template_status_rejected.json", {"status": "rejected", "category": "marketing", "rejected_reason":
            "Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation "
            "between them."}),
        ("template_quality_yellow.json", {"quality": "YELLOW", "status": "pending"}),
        ("template_category_update.json", {"category": "marketing"}),
    ],
)
def test_each_template_webhook_fixture_updates_its_row(number, fixture, expected):
    from tests.conftest import drain_all, post_webhook
    from django.test import Client

    body = load_fixture(fixture)
    entry = body["entry"][0]
    value = entry["changes"][0]["value"]
    number.waba_id = entry["id"]
    number.save()
    row = MessageTemplate.objects.create(
        account=number.account, name=value["message_template_name"], language=value["message_template_language"],
        body="Gentile {{1}}", status="pending", rejected_reason="",
    )
    assert post_webhook(Client(), body).status_code == 200
    drain_all()
    row.refresh_from_db()
    assert {key: getattr(row, key) for key in expected} == expected
    assert row.meta_id == str(value["message_template_id"])
    assert AuditEntry.objects.filter(action="whatsapp_template.updated_by_meta", target_id=str(row.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_sandbox_review_webhook_updates_the_registry_and_an_unknown_template_brings_a_sync(world):
    number = _connect(world)
    assert template_sync.sync_account(number.account).ok
    created = world.http.post(
        f"{world.sandbox.graph_url}/{WABA}/message_templates",
        json={"name": "avviso_scuole", "language": "it", "category": "UTILITY",
              "components": [{"type": "BODY", "text": "Le scuole di {{1}} restano chiuse."}]},
        headers={"Authorization": f"Bearer {number.access_token}"},
    ).json()
    assert created["status"] == "PENDING"
    # Unknown to Sportello: the webhook makes it fetch the account's templates.
    answer = world.sandbox_api("POST", f"message_templates/{created['id']}/review", json={"event": "APPROVED"})
    assert answer["webhook_status"] == 200
    world.settle()
    row = MessageTemplate.objects.get(account=number.account, name="avviso_scuole")
    assert (row.status, row.body, row.meta_id) == ("approved", "Le scuole di {{1}} restano chiuse.", created["id"])
    # Known now: a rejection updates the row itself.
    world.sandbox_api("POST", f"message_templates/{created['id']}/review",
                      json={"event": "REJECTED", "reason": "Contenuto promozionale"})
    world.settle()
    row.refresh_from_db()
    assert (row.status, row.rejected_reason) == ("rejected", "Contenuto promozionale")


@pytest.mark.django_db
def test_a_webhook_for_another_waba_changes_nothing(number):
    number.waba_id = "111"
    number.save()
    row = MessageTemplate.objects.create(account=number.account, name="x", body="x", status="approved")
    update = OtherUpdate("whatsapp", "222", "message_template_status_update",
                         {"event": "DISABLED", "message_template_name": "x", "message_template_language": "it"})
    assert template_webhook.apply(update) is False
    row.refresh_from_db()
    assert row.status == "approved"


# -- 132001: a template Meta does not know, surfaced as a readable failure ------------------------------------
@pytest.mark.django_db(transaction=True)
def test_an_unknown_or_unapproved_template_fails_with_132001_in_words(world):
    world.citizen_sends_text(CITIZEN, "Buongiorno")
    world.settle()
    conversation = Message.objects.get(direction="in").conversation
    outbound.queue_template(conversation, "non_esiste", parameters=["x"])
    world.sandbox_api("POST", "message_templates", json={"name": "in_revisione", "body": "x", "status": "PENDING"})
    outbound.queue_template(conversation, "in_revisione")
    outbound.queue_template(conversation, "risposta_urp", language="en", parameters=["x"])  # not in English
    world.settle()
    failed = list(Message.objects.filter(direction="out").order_by("pk"))
    assert [(m.status, m.error_code) for m in failed] == [("failed", 132001)] * 3
    assert failed[0].error_title == "Il modello non esiste o non è approvato."
    assert world.inbox(CITIZEN) == []


# -- the channel-neutral facade ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_facade_lists_approved_templates_once_per_name_and_language(number):
    from tests.conftest import make_number

    other = make_number("99887766", slug=number.account.municipality.slug)
    elsewhere = make_number("55443322", slug="quartu")
    for account in (number.account, other.account):
        MessageTemplate.objects.create(account=account, name="risposta_urp", body="Gentile {{1}}, {{2}}.",
                                       status="approved", footer="Comune")
    MessageTemplate.objects.create(account=number.account, name="in_revisione", body="x", status="pending")
    MessageTemplate.objects.create(account=elsewhere.account, name="altro_comune", body="y", status="approved")
    image = MessageTemplate.objects.create(account=number.account, name="con_foto", body="Foto {{1}}",
                                           header="image", status="approved", category="marketing")

    choices = facade.approved_templates(number.account.municipality)
    assert [(c.name, c.channel) for c in choices] == [("con_foto", "whatsapp"), ("risposta_urp", "whatsapp")]
    urp = choices[1]
    assert sorted(urp.account_ids) == sorted([number.account_id, other.account_id])
    assert (urp.parameter_count, urp.category_label, urp.header_kind) == (2, "Servizio", "")
    assert facade.approved_templates(number.account.municipality, channel="telegram") == []

    form = facade.parameters_form(urp.id, data={"tpl-p1": "Anna", "tpl-p2": "il certificato è pronto"})
    assert list(form.fields) == ["p1", "p2"] and str(form.fields["p1"].label) == "Parametro {{1}}"
    assert form.fields["p2"].help_text == "Gentile {{1}}, {{2}}." and form.is_valid()
    assert form.parameters() == ["Anna", "il certificato è pronto"]
    assert not facade.parameters_form(urp.id, data={"tpl-p1": "Anna"}).is_valid()
    assert facade.render_preview(urp.id, ["Anna", "pronto"]) == "Gentile Anna, pronto.\n\nComune"

    media = facade.parameters_form(image.pk, data={"tpl-p1": "x"})
    assert not media.is_valid() and "header_url" in media.fields
    media = facade.parameters_form(image.pk, data={"tpl-p1": "x", "tpl-header_url": "https://comune.example/a.jpg"})
    assert media.is_valid() and media.header_media() == {"kind": "image", "url": "https://comune.example/a.jpg"}
    with pytest.raises(LookupError):
        facade.parameters_form(999999)


@pytest.mark.django_db(transaction=True)
def test_a_campaign_template_meta_does_not_know_fails_with_a_readable_reason(world, settings):
    from sportello.broadcasts import sender, services
    from sportello.broadcasts.models import Campaign, Delivery
    from sportello.municipalities.models import StaffMembership
    from tests.broadcasts import helpers as h

    settings.SPORTELLO_BROADCAST_RETRY_BASE_SECONDS = 0.05
    town = world.municipality
    h.unlimited(world.number)
    alerts = h.make_list(town, "avvisi")
    h.subscribe(alerts, h.citizen(town, CITIZEN))  # never wrote: only the template may go
    author = h.staff(town, "operatrice")
    supervisor = h.staff(town, "supervisore", StaffMembership.Role.SUPERVISOR)
    campaign = h.campaign(town, [alerts], author=author, category=Campaign.Category.EMERGENCY,
                          template=h.template(town, "mai_registrato"))
    services.submit(campaign, author)
    services.approve(campaign, supervisor)
    run_sender(sender, timeout=30)
    world.settle()
    delivery = Delivery.objects.get(campaign=campaign)
    assert (delivery.state, delivery.error_code, delivery.mode) == ("failed", 132001, "template")
    assert delivery.error_title == "Il modello non esiste o non è approvato."
    assert world.inbox(CITIZEN) == []
