# The "desk" channel: visits to the office, recorded by operators (sportello.connectors.desk).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("municipalities", "0002_whatsappnumber_moved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="channelaccount",
            name="channel",
            field=models.CharField(
                choices=[
                    ("whatsapp", "WhatsApp"), ("email", "E-mail"), ("webform", "Modulo web"), ("telegram", "Telegram"),
                    ("phone", "Telefono"), ("desk", "Sportello fisico"),
                ],
                max_length=20, verbose_name="canale",
            ),
        ),
    ]
