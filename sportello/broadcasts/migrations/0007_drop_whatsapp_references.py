# Campaigns on every channel, step 3 of 3: the WhatsApp references go. Deliveries and ledgers of a number that no
# longer exists had no account to copy and are removed; MessagingTier and TierUsage move to the whatsapp app
# (same tables, state only: see whatsapp/0002).

import django.db.models.deletion
from django.db import migrations, models


def drop_orphans(apps, schema_editor):
    apps.get_model("broadcasts", "Delivery").objects.filter(account__isnull=True).delete()
    apps.get_model("broadcasts", "RateLedger").objects.filter(account__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [("broadcasts", "0006_copy_to_channel_accounts")]

    operations = [
        migrations.RunPython(drop_orphans, migrations.RunPython.noop),
        migrations.RemoveField(model_name="delivery", name="number"),
        migrations.AlterField(
            model_name="delivery",
            name="account",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.channelaccount"),
        ),
        migrations.RemoveField(model_name="rateledger", name="number"),
        migrations.AlterField(
            model_name="rateledger",
            name="account",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.channelaccount"),
        ),
        migrations.RemoveField(model_name="campaign", name="template"),
        migrations.RenameField(model_name="campaign", old_name="channel_template", new_name="template"),
        migrations.RemoveField(model_name="campaign", name="media_ids"),
        migrations.DeleteModel(name="UtilityTemplate"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MessagingTier"), migrations.DeleteModel(name="TierUsage")],
            database_operations=[],
        ),
    ]
