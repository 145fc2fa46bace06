from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastsConfig(AppConfig):
    name = "sportello.broadcasts"
    label = "broadcasts"
    verbose_name = _("Liste e invii")
