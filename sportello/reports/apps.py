from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sportello.reports"
    label = "reports"
    verbose_name = _("Statistics and reports")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from sportello.console import navigation
        from sportello.reports.access import can_view
        from sportello.reports.rollup import forget_deleted_conversation

        # Supervisors and above, and department staff (their departments' figures).
        navigation.register(_("Statistics"), "reports:dashboard", required_role="supervisor", order=80,
                            also_for=can_view)
        post_delete.connect(forget_deleted_conversation, sender="conversations.Conversation",
                            dispatch_uid="reports.forget_deleted_conversation")
