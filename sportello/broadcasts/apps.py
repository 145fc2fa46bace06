from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastsConfig(AppConfig):
    name = "sportello.broadcasts"
    label = "broadcasts"
    verbose_name = _("Liste e invii")

    def ready(self) -> None:
        from sportello.broadcasts import delivery_status
        from sportello.conversations.statuses import register_handler

        # Campaign statuses take the batch path (see conversations/statuses.py and docs/broadcasts.md).
        register_handler(delivery_status.owns, delivery_status.apply_many)
