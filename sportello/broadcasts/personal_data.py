"""Personal data held by the broadcasts app (see sportello/privacy/registry.py)."""

from sportello.broadcasts.models import Delivery, Subscription
from sportello.privacy.registry import CONSENT, DELETE, register

register(
    Subscription, subject="citizen", fields=["mailing_list", "active", "subscribed_at", "unsubscribed_at", "source", "account"],
    on_erase=DELETE, kind="subscriptions", legal_basis=CONSENT,
    purpose="Inviare le comunicazioni delle liste a cui il cittadino si è iscritto",
)
register(
    Delivery, subject="citizen", fields=["campaign", "account", "state", "sent_at", "delivered_at", "read_at", "failed_at"],
    on_erase=DELETE, kind="deliveries", legal_basis=CONSENT,
    purpose="Inviare una campagna a ciascun iscritto e sapere se l'ha ricevuta",
    recipients=("Meta Platforms (WhatsApp Business)", "Telegram"),
)
