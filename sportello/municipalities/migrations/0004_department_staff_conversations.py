from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("municipalities", "0003_channelaccount_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="department_staff_see_all_conversations",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Se disattivato, chi lavora in un servizio vede solo le conversazioni collegate alle pratiche del proprio servizio.",
                verbose_name="il personale dei servizi vede tutte le conversazioni",
            ),
        ),
    ]
