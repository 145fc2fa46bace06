from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "sportello.learning"
    label = "learning"
    verbose_name = _("Modelli appresi")
    default_auto_field = "django.db.models.BigAutoField"
