"""An objection to broadcasts (art. 21) or a restriction (art. 18) holds for the future too: a subscription of
that citizen is never saved as active, whatever path creates it (a keyword command, an import, the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone


@receiver(pre_save, sender="broadcasts.Subscription")
def keep_objection(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not instance.active or not instance.citizen_id:
        return
    from sportello.privacy.services import has_objected, is_restricted

    if has_objected(instance.citizen_id) or is_restricted(instance.citizen_id):
        instance.active = False
        instance.unsubscribed_at = instance.unsubscribed_at or timezone.now()
