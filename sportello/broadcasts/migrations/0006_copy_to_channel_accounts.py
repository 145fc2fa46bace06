# Campaigns on every channel, step 2 of 3: copy number -> account (deliveries, rate ledgers), give existing
# subscriptions the municipality's WhatsApp account (the only channel until now), and copy each UtilityTemplate to
# whatsapp.MessageTemplate for every WhatsApp account of its municipality (campaigns point at the first one's copy).

from django.db import migrations


def forward(apps, schema_editor):
    ChannelAccount = apps.get_model("municipalities", "ChannelAccount")
    Delivery = apps.get_model("broadcasts", "Delivery")
    Number = Delivery._meta.get_field("number").related_model  # the historical WhatsApp number model
    RateLedger = apps.get_model("broadcasts", "RateLedger")
    Subscription = apps.get_model("broadcasts", "Subscription")
    UtilityTemplate = apps.get_model("broadcasts", "UtilityTemplate")
    Campaign = apps.get_model("broadcasts", "Campaign")
    MessageTemplate = apps.get_model("whatsapp", "MessageTemplate")

    account_of_number = dict(Number.objects.values_list("pk", "account_id"))
    # One UPDATE per number: deliveries can be millions of rows.
    for number_id, account_id in account_of_number.items():
        Delivery.objects.filter(number_id=number_id).update(account_id=account_id)
        RateLedger.objects.filter(number_id=number_id).update(account_id=account_id)

    whatsapp_accounts: dict[int, list[int]] = {}
    for account_id, municipality_id in (
        ChannelAccount.objects.filter(channel="whatsapp").order_by("-active", "pk").values_list("pk", "municipality_id")
    ):
        whatsapp_accounts.setdefault(municipality_id, []).append(account_id)
    for municipality_id, accounts in whatsapp_accounts.items():
        Subscription.objects.filter(mailing_list__municipality_id=municipality_id, account__isnull=True).update(
            account_id=accounts[0]
        )

    for template in UtilityTemplate.objects.all():
        copies = []
        for account_id in whatsapp_accounts.get(template.municipality_id, []):
            copy, _ = MessageTemplate.objects.get_or_create(
                account_id=account_id, name=template.name, language=template.language,
                defaults={
                    "category": template.category if template.category in ("utility", "marketing", "authentication") else "utility",
                    "header": template.header, "body": template.body, "footer": template.footer,
                    "status": "approved" if template.approved else "pending",
                },
            )
            copies.append(copy)
        if copies:
            Campaign.objects.filter(template_id=template.pk).update(channel_template_id=copies[0].pk)


class Migration(migrations.Migration):

    dependencies = [("broadcasts", "0005_channel_accounts")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
