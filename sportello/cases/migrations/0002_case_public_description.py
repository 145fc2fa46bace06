from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="public_description",
            field=models.TextField(blank=True, verbose_name="testo pubblico (Open311)"),
        ),
    ]
