from django.apps import AppConfig


class EmailConfig(AppConfig):
    name = "sportello.connectors.email"
    label = "email"
    verbose_name = "E-mail"
