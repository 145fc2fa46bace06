from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sportello.core"
    label = "core"
    verbose_name = _("Sistema")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from sportello.core.ratelimit import record_login_failure

        user_login_failed.connect(record_login_failure, dispatch_uid="sportello-login-failures-per-address")
