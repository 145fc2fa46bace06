# WhatsAppNumber now belongs to the whatsapp connector app (sportello.connectors.whatsapp); the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("municipalities", "0001_initial"),
        ("whatsapp", "0001_initial"),
        ("broadcasts", "0004_number_moved_to_whatsapp"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WhatsAppNumber")],
            database_operations=[],
        ),
    ]
