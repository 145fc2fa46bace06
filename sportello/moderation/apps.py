from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "sportello.moderation"
    label = "moderation"
    verbose_name = _("Moderazione")

    def ready(self) -> None:
        from sportello.console import navigation, panels
        from sportello.moderation.panel import moderation_panel

        navigation.register(_("Moderazione"), "moderation:queue", required_role="supervisor", order=60)
        panels.register("moderation/panel.html", moderation_panel, order=50)
