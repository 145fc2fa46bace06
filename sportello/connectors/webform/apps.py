from django.apps import AppConfig


class WebformConfig(AppConfig):
    name = "sportello.connectors.webform"
    label = "webform"
    verbose_name = "Modulo web"
