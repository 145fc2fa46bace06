# The messaging limit is WhatsApp's own concept: MessagingTier and TierUsage move here from the broadcasts app.
# The tables stay where they are (state only), so existing limits and usage counts are kept.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("whatsapp", "0001_initial"),
        ("broadcasts", "0007_drop_whatsapp_references"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MessagingTier",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("tier", models.IntegerField(choices=[(250, "250"), (2000, "2.000"), (10000, "10.000"), (100000, "100.000"), (0, "illimitato")], default=250, verbose_name="limite di messaggi")),
                        ("number", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="messaging_tier", to="whatsapp.whatsappnumber", verbose_name="numero")),
                    ],
                    options={
                        "verbose_name": "limite di messaggi",
                        "verbose_name_plural": "limiti di messaggi",
                        "db_table": "broadcasts_messagingtier",
                    },
                ),
                migrations.CreateModel(
                    name="TierUsage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("hour", models.DateTimeField()),
                        ("count", models.PositiveIntegerField(default=0)),
                        ("number", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="whatsapp.whatsappnumber")),
                    ],
                    options={
                        "db_table": "broadcasts_tierusage",
                        "constraints": [models.UniqueConstraint(fields=("number", "hour"), name="one_usage_per_hour")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
