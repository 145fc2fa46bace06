from django.apps import AppConfig


class TelegramConfig(AppConfig):
    name = "sportello.connectors.telegram"
    label = "telegram"
    verbose_name = "Telegram"

    def ready(self) -> None:
        from sportello.connectors.telegram import accounts, welcome  # noqa: F401 - cache and welcome signals
