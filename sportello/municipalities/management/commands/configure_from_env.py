from django.core.management.base import BaseCommand

from sportello.municipalities.setup import configure_from_env


class Command(BaseCommand):
    help = "Create or update the WhatsApp number described by the WHATSAPP_* environment variables."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        number = configure_from_env()
        if number and options["verbosity"]:
            self.stdout.write(f"WhatsApp number {number.phone_number_id} configured for {number.municipality}")
