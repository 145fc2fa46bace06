from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "sportello.organisation"
    label = "organisation"
    verbose_name = _("Organisation settings")

    def ready(self) -> None:
        from sportello.configuration import sections

        sections.register(_("Lists and consent policy"), "organisation:lists",
                          _("Mailing lists citizens join, and the versioned policy they accept first."),
                          required_role="supervisor", order=50)
        sections.register(_("Departments and categories"), "organisation:departments",
                          _("Departments, their staff, the categories of requests and their target times."),
                          required_role="supervisor", order=60)
        sections.register(_("Moderation"), "organisation:moderation",
                          _("What happens when a message breaks the rules, category by category."),
                          required_role="supervisor", order=70)
        sections.register(_("Staff and roles"), "organisation:staff",
                          _("Who works in the console, with which role; invitations and second factor."),
                          required_role="administrator", order=80)
