"""The move to channel accounts keeps an existing installation's data: deliveries, ledgers, subscriptions,
campaign templates and the messaging limit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("broadcasts", "0004_number_moved_to_whatsapp")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_numbers_become_accounts_and_templates_are_copied():
    old = _migrate(BEFORE)
    town = old.get_model("municipalities", "Municipality").objects.create(slug="rimini", name="Comune di Rimini")
    other = old.get_model("municipalities", "Municipality").objects.create(slug="altro", name="Altro")
    Account = old.get_model("municipalities", "ChannelAccount")
    first = Account.objects.create(municipality=town, channel="whatsapp", label="URP")
    second = Account.objects.create(municipality=town, channel="whatsapp", label="Protezione civile")
    Number = old.get_model("whatsapp", "WhatsAppNumber")
    number = Number.objects.create(account=first, phone_number_id="111", display_phone_number="+39 0541 1",
                                   access_token="t", app_secret="s", verify_token="v")
    Number.objects.create(account=second, phone_number_id="222", display_phone_number="+39 0541 2",
                          access_token="t", app_secret="s", verify_token="v")
    template = old.get_model("broadcasts", "UtilityTemplate").objects.create(
        municipality=town, name="allerta", language="it", body="Allerta del {{1}}: {{2}}", footer="URP", approved=True
    )
    old.get_model("broadcasts", "UtilityTemplate").objects.create(municipality=other, name="orfano", body="x")
    campaign = old.get_model("broadcasts", "Campaign").objects.create(
        municipality=town, title="Piena del Marecchia", template=template, state="done"
    )
    citizen = old.get_model("citizens", "Citizen").objects.create(municipality=town)
    mailing_list = old.get_model("broadcasts", "MailingList").objects.create(municipality=town, slug="emergenze", name="Emergenze")
    subscription = old.get_model("broadcasts", "Subscription").objects.create(mailing_list=mailing_list, citizen=citizen)
    delivery = old.get_model("broadcasts", "Delivery").objects.create(
        campaign=campaign, citizen=citizen, number=number, state="read", attempts=1, read_at=timezone.now()
    )
    old.get_model("broadcasts", "RateLedger").objects.create(number=number, reserved_until=123.0)
    old.get_model("broadcasts", "MessagingTier").objects.create(number=number, tier=10000)

    executor = MigrationExecutor(connection)
    new = _migrate(executor.loader.graph.leaf_nodes())

    Delivery = new.get_model("broadcasts", "Delivery")
    assert Delivery.objects.get(pk=delivery.pk).account_id == first.pk
    assert Delivery.objects.get(pk=delivery.pk).state == "read"
    assert new.get_model("broadcasts", "RateLedger").objects.get().account_id == first.pk
    assert new.get_model("broadcasts", "Subscription").objects.get(pk=subscription.pk).account_id == first.pk
    copies = new.get_model("whatsapp", "MessageTemplate").objects.filter(name="allerta").order_by("account_id")
    assert [(c.account_id, c.body, c.footer, c.status) for c in copies] == [
        (first.pk, "Allerta del {{1}}: {{2}}", "URP", "approved"),
        (second.pk, "Allerta del {{1}}: {{2}}", "URP", "approved"),
    ]
    assert new.get_model("broadcasts", "Campaign").objects.get(pk=campaign.pk).template_id == copies[0].pk
    assert new.get_model("whatsapp", "MessagingTier").objects.get().tier == 10000  # the same table, kept
