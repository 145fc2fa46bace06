from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhatsAppConfig(AppConfig):
    name = "sportello.connectors.whatsapp"
    label = "whatsapp"
    verbose_name = "WhatsApp"

    def ready(self) -> None:
        from sportello.configuration import sections
        from sportello.connectors.whatsapp import accounts  # noqa: F401 - connects the secrets cache signals

        sections.register(_("Modelli di messaggio"), "whatsapp:templates",
                          _("I modelli WhatsApp approvati da Meta, sincronizzati dal WhatsApp Business Account."),
                          order=40)
