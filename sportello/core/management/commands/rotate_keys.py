"""Re-encrypt every encrypted column under the first (newest) key of SPORTELLO_ENCRYPTION_KEYS."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from sportello.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from sportello.core.scoping import scopes_disabled


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the current key (after adding a new key in front)."

    @scopes_disabled()  # system code: works across municipalities
    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        for model in apps.get_models():
            fields = [
                f.name for f in model._meta.concrete_fields
                if isinstance(f, (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField))
            ]
            if not fields:
                continue
            count = 0
            for obj in model._default_manager.all().only("pk", *fields).iterator(chunk_size=500):
                # Reading decrypts with any key; saving encrypts with the first.
                with transaction.atomic():
                    obj.save(update_fields=fields)
                count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
