from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class I18nConfig(AppConfig):
    """Installed first, so labels are made translatable before the admin and forms read them."""

    name = "sportello.console.i18n"
    label = "sportello_i18n"
    verbose_name = _("Traduzioni")

    def ready(self) -> None:
        from sportello.console.i18n.plain_labels import make_translatable

        make_translatable()
