"""`sportello manage sync_templates [--municipality SLUG]`: fetch every WhatsApp number's templates from Meta now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sportello.connectors.whatsapp.models import WhatsAppNumber
from sportello.connectors.whatsapp.template_sync import sync_account
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Synchronise the WhatsApp message templates from Meta (GET /{waba-id}/message_templates)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", help="only this municipality's numbers (its slug)")

    @scopes_disabled()
    def handle(self, *args: Any, **options: Any) -> None:
        numbers = WhatsAppNumber.objects.select_related("account__municipality").filter(account__active=True)
        if options.get("municipality"):
            numbers = numbers.filter(account__municipality__slug=options["municipality"])
        numbers = list(numbers.order_by("pk"))
        if not numbers:
            raise CommandError("no active WhatsApp number to synchronise")
        failed = 0
        for number in numbers:
            result = sync_account(number.account)
            where = f"{number.account.municipality.slug} {number.display_phone_number}"
            if result.ok:
                self.stdout.write(
                    f"{where}: {result.listed} templates ({result.created} new, {result.removed} no longer listed)"
                )
            else:
                failed += 1
                self.stderr.write(f"{where}: {result.error}")
        if failed:
            raise CommandError(f"{failed} of {len(numbers)} numbers could not be synchronised")
