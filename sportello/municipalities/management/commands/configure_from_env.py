from django.core.management.base import BaseCommand

from sportello.core.scoping import scopes_disabled
from sportello.municipalities.setup import configure_from_env


class Command(BaseCommand):
    help = "Create or update the channel accounts described by the environment (WHATSAPP_*, TELEGRAM_*, EMAIL_*)."

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for account in configure_from_env():
            if options["verbosity"]:
                self.stdout.write(f"{account.get_channel_display()} configured for {account.municipality}: {account.label}")
