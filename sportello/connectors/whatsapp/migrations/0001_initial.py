# The WhatsApp number moves here from the municipalities app (same table, state only); one template registry.

import django.db.models.deletion
import sportello.core.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WhatsAppNumber",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("phone_number_id", models.CharField(max_length=40, unique=True, verbose_name="phone number ID")),
                        ("display_phone_number", models.CharField(max_length=40, verbose_name="numero visualizzato")),
                        ("waba_id", models.CharField(blank=True, max_length=40, verbose_name="WhatsApp Business Account ID")),
                        ("access_token", sportello.core.fields.EncryptedTextField(verbose_name="token di accesso")),
                        ("app_secret", sportello.core.fields.EncryptedTextField(verbose_name="app secret")),
                        ("verify_token", sportello.core.fields.EncryptedTextField(verbose_name="verify token")),
                        ("api_base_url", models.URLField(blank=True, help_text="Vuoto: quello della configurazione (Meta o sandbox).", verbose_name="indirizzo Graph API")),
                        ("throughput_per_second", models.PositiveIntegerField(default=80, verbose_name="messaggi al secondo")),
                        ("account", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="whatsapp", to="municipalities.channelaccount")),
                    ],
                    options={
                        "verbose_name": "numero WhatsApp",
                        "verbose_name_plural": "numeri WhatsApp",
                        "db_table": "municipalities_whatsappnumber",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="MessageTemplate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="Il nome registrato su WhatsApp, es. risposta_urp.", max_length=512, verbose_name="nome")),
                ("language", models.CharField(default="it", max_length=16, verbose_name="lingua")),
                ("category", models.CharField(choices=[("utility", "Servizio"), ("marketing", "Promozionale"), ("authentication", "Autenticazione")], default="utility", max_length=20, verbose_name="categoria")),
                ("header", models.CharField(blank=True, choices=[("", "nessuna"), ("text", "testo"), ("image", "immagine"), ("document", "documento"), ("video", "video")], default="", max_length=10, verbose_name="intestazione")),
                ("body", models.TextField(help_text="Con i parametri {{1}}, {{2}}, … come approvato da WhatsApp.", verbose_name="testo")),
                ("footer", models.CharField(blank=True, max_length=60, verbose_name="piè di pagina")),
                ("components", models.JSONField(blank=True, default=list, help_text="Come li descrive Meta.", verbose_name="componenti")),
                ("status", models.CharField(choices=[("approved", "approvato"), ("pending", "in revisione"), ("rejected", "rifiutato"), ("paused", "sospeso"), ("disabled", "disattivato")], default="pending", max_length=10, verbose_name="stato")),
                ("meta_id", models.CharField(blank=True, max_length=40, verbose_name="ID su Meta")),
                ("rejected_reason", models.CharField(blank=True, max_length=200, verbose_name="motivo del rifiuto")),
                ("synced_at", models.DateTimeField(blank=True, null=True, verbose_name="sincronizzato il")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("account", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="templates", to="municipalities.channelaccount", verbose_name="numero WhatsApp")),
            ],
            options={
                "verbose_name": "modello WhatsApp",
                "verbose_name_plural": "modelli WhatsApp",
                "ordering": ["name", "language"],
                "constraints": [models.UniqueConstraint(fields=("account", "name", "language"), name="whatsapp_one_template_per_language")],
            },
        ),
    ]
