from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sportello.cases"
    label = "cases"
    verbose_name = _("Pratiche")

    def ready(self) -> None:
        # The console is built alongside: plug in when its registries are there.
        try:
            from sportello.console import navigation, panels
        except ImportError:  # pragma: no cover - console not installed
            return
        from sportello.cases.views import conversation_panel

        navigation.register(_("Pratiche"), "cases:list", order=20)
        navigation.register(_("Mappa"), "cases:map", order=25)
        panels.register("cases/panel.html", conversation_panel, order=10)
