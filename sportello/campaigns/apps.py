from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "sportello.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from sportello.console import navigation

        # Staff of a municipality compose; the rules on who approves, pauses or cancels are the services' own.
        navigation.register(_("Campaigns"), "campaigns:list", required_role="operator", order=60)
