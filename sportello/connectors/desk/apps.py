from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "sportello.connectors.desk"
    label = "desk"
    verbose_name = _("Telefono e sportello fisico")

    def ready(self) -> None:
        from sportello.connectors.desk.panel import conversation_panel
        from sportello.console import navigation, panels

        panels.register("desk/panel.html", conversation_panel, order=6)
        navigation.register(_("Registra telefonata / visita"), "desk:record", required_role="operator", order=5)
