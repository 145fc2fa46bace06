# The WhatsApp number model moved to the whatsapp app (same table): only the state's references change.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("broadcasts", "0003_campaigns_deliveries_bulletin"),
        ("whatsapp", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="messagingtier",
                    name="number",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="messaging_tier", to="whatsapp.whatsappnumber", verbose_name="numero"),
                ),
                migrations.AlterField(
                    model_name="rateledger",
                    name="number",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="whatsapp.whatsappnumber"),
                ),
                migrations.AlterField(
                    model_name="delivery",
                    name="number",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="whatsapp.whatsappnumber"),
                ),
                migrations.AlterField(
                    model_name="tierusage",
                    name="number",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="whatsapp.whatsappnumber"),
                ),
            ],
            database_operations=[],
        ),
    ]
