from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sportello.ops"
    label = "ops"
    verbose_name = "Operations"
