from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "sportello.knowledge"
    label = "knowledge"
    verbose_name = _("Base di conoscenza")

    def ready(self) -> None:
        try:
            from sportello.console import navigation, panels
        except ImportError:  # pragma: no cover - console not installed
            return
        from sportello.knowledge.views import conversation_panel

        navigation.register(_("Base di conoscenza"), "knowledge:list", required_role="supervisor", order=60)
        panels.register("knowledge/panel.html", conversation_panel, order=8)
