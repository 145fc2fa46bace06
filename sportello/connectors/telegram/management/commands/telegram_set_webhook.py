from django.core.management.base import BaseCommand, CommandError

from sportello.connectors.base import TransportError
from sportello.connectors.telegram.models import TelegramBot
from sportello.connectors.telegram.setup import set_webhook, webhook_url
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Point every active Telegram bot's webhook at SITE_URL + /webhooks/telegram, with its secret token."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--url", default="", help="Another webhook URL (default SITE_URL/webhooks/telegram).")

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        bots = list(TelegramBot.objects.select_related("account__municipality").filter(account__active=True))
        if not bots:
            raise CommandError("no active Telegram bot is configured")
        url = options["url"] or webhook_url()
        failed = 0
        for bot in bots:
            try:
                set_webhook(bot, url)
            except TransportError as exc:
                failed += 1
                self.stderr.write(f"{bot}: {exc.title or exc.message}")
            else:
                self.stdout.write(f"{bot}: webhook → {url}")
        if failed:
            raise CommandError(f"{failed} of {len(bots)} bots could not be set")
