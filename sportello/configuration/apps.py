from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigurationConfig(AppConfig):
    name = "sportello.configuration"
    label = "configuration"
    verbose_name = _("Settings")

    def ready(self) -> None:
        from sportello.configuration import sections
        from sportello.console import navigation

        navigation.register(_("Settings"), "configuration:hub", required_role="supervisor", order=95)
        sections.register(_("Emergency"), "configuration:emergency",
                          _("Keep the service answering out of hours during an emergency, with its own message."),
                          order=5)
        sections.register(_("Opening hours"), "configuration:hours",
                          _("Weekly hours, closures, holidays and patron day, the out-of-hours reply."), order=10)
        sections.register(_("Channels and redirects"), "configuration:channels",
                          _("How each channel is run, and where to send requests not handled here."), order=20)
        sections.register(_("Keyword commands"), "configuration:commands",
                          _("Words citizens send to join or leave lists; try a message to see what happens."),
                          order=30)
        sections.register(_("Canned replies"), "console:canned_list",
                          _("Ready answers operators insert in a reply, with placeholders such as {nome}."), order=40)
