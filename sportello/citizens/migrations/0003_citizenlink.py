# Links between citizen records an operator confirmed to be the same person on different channels.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0002_citizen_blocked_at_citizen_blocked_reason_and_more"),
        ("municipalities", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CitizenLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="collegati il")),
                ("undone_at", models.DateTimeField(blank=True, null=True, verbose_name="scollegati il")),
                ("a", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links_as_a", to="citizens.citizen")),
                ("b", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links_as_b", to="citizens.citizen")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="collegati da")),
                ("municipality", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="municipalities.municipality")),
                ("undone_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="scollegati da")),
            ],
            options={
                "verbose_name": "collegamento tra cittadini",
                "verbose_name_plural": "collegamenti tra cittadini",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("a__lt", models.F("b"))), name="citizen_link_ordered"),
                    models.UniqueConstraint(condition=models.Q(("undone_at__isnull", True)), fields=("a", "b"), name="one_active_link_per_pair"),
                ],
            },
        ),
    ]
