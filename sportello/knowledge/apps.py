from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "sportello.knowledge"
    label = "knowledge"
    verbose_name = _("Base di conoscenza")

    def ready(self) -> None:
        try:
            from sportello.console import panels
        except ImportError:  # pragma: no cover - console not installed
            return
        from sportello.knowledge.views import conversation_panel

        # A section of the settings hub rather than a header entry: the header keeps to the daily work.
        from sportello.configuration import sections

        sections.register(_("Base di conoscenza"), "knowledge:list",
                          _("Le domande frequenti che il suggeritore propone agli operatori."), order=45)
        panels.register("knowledge/panel.html", conversation_panel, order=8)
