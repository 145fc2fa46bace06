from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "sportello.console"
    label = "console"
    verbose_name = _("Console")

    def ready(self) -> None:
        from sportello.console import linking, navigation, panels
        from sportello.console.realtime import install

        install()
        navigation.register(_("Conversazioni"), "console:inbox", order=0)
        panels.register("console/_links_panel.html", linking.panel, order=5)
        from sportello.configuration import sections

        sections.register(
            _("Etichette"), "console:labels", _("Etichette per ordinare e filtrare le conversazioni."), order=35
        )
