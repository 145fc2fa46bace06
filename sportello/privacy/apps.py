from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sportello.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from sportello.core import configcache
        from sportello.privacy import signals  # noqa: F401  (objection blocks new subscriptions)
        from sportello.privacy.models import CitizenPrivacy

        configcache.watch(CitizenPrivacy)  # the pipeline's cached set of restricted citizens

        from sportello.console import navigation, panels
        from sportello.privacy.views import panel

        panels.register("privacy/panel.html", panel, order=60)
        navigation.register(_("Privacy"), "privacy:records", required_role="supervisor", order=90)

        # Every app declares the personal data it holds in its own `personal_data.py`.
        autodiscover_modules("personal_data")
