# The console's copy of the message templates joins the one registry of the channel that approves them
# (whatsapp.MessageTemplate); the composer now lists templates through the connector.

from django.db import migrations

# console status -> whatsapp status (the same words; spelled out so a rename on either side shows here)
STATUS = {"approved": "approved", "pending": "pending", "rejected": "rejected"}


def copy_templates(apps, schema_editor):
    Old = apps.get_model("console", "MessageTemplate")
    New = apps.get_model("whatsapp", "MessageTemplate")
    for old in Old.objects.all().iterator():
        # A template the channel's registry already knows (synced from Meta) keeps the registry's data.
        New.objects.get_or_create(
            account_id=old.account_id, name=old.name, language=old.language,
            defaults={
                "category": old.category, "body": old.body, "status": STATUS.get(old.status, "pending"),
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ("console", "0001_initial"),
        ("whatsapp", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_templates, migrations.RunPython.noop),
        migrations.DeleteModel(name="MessageTemplate"),
    ]
