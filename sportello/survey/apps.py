from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "sportello.survey"
    label = "survey"
    verbose_name = _("Satisfaction survey")

    def ready(self) -> None:
        from sportello.survey import hooks  # noqa: F401  (signal receivers and the pipeline step)
