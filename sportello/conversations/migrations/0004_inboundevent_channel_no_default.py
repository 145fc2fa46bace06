# Every writer names the channel of the body it stores; no channel is the default.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0003_message_inbound_event_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboundevent",
            name="channel",
            field=models.CharField(max_length=20, verbose_name="canale"),
        ),
    ]
