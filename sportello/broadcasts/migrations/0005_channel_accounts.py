# Campaigns on every channel, step 1 of 3: the new columns, empty (0006 fills them, 0007 drops the old ones).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("broadcasts", "0004_number_moved_to_whatsapp"),
        ("municipalities", "0002_whatsappnumber_moved"),
        ("whatsapp", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="account",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.channelaccount", verbose_name="canale"),
        ),
        migrations.AddField(
            model_name="delivery",
            name="account",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.channelaccount"),
        ),
        migrations.AddField(
            model_name="rateledger",
            name="account",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.channelaccount"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="channel_template",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="whatsapp.messagetemplate", verbose_name="modello (finestra chiusa)"),
        ),
    ]
