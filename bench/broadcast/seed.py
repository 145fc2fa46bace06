"""Seeding for bench/broadcast (run with Django configured): subscribers in bulk, then one approved campaign.

    python bench/broadcast/seed.py subscribers N RATE     # municipality from the env number, N citizens, list
    python bench/broadcast/seed.py campaign TITLE         # prints the campaign id (scheduled, approved)
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")
import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from sportello.broadcasts.models import Campaign, MailingList, Subscription  # noqa: E402
from sportello.citizens.identity import index_for  # noqa: E402
from sportello.citizens.models import Citizen, ConsentRecord, Identity  # noqa: E402
from sportello.connectors.whatsapp.models import MessageTemplate, MessagingTier, WhatsAppNumber  # noqa: E402


def phone(i: int) -> str:
    return f"+39347{i:07d}"


def subscribers(count: int, rate: int) -> None:
    number = WhatsAppNumber.objects.select_related("account__municipality").get()
    number.throughput_per_second = rate
    number.save(update_fields=["throughput_per_second"])
    MessagingTier.objects.update_or_create(number=number, defaults={"tier": MessagingTier.Tier.UNLIMITED})
    town = number.account.municipality
    MessageTemplate.objects.get_or_create(
        account=number.account, name="avviso_comune",
        defaults={"body": "Avviso del {{1}}: {{2}}", "status": MessageTemplate.Status.APPROVED},
    )
    mailing_list, _ = MailingList.objects.get_or_create(municipality=town, slug="allerte", defaults={"name": "Allerte"})
    now = timezone.now()
    step = 5000
    for start in range(0, count, step):
        with transaction.atomic():
            citizens = Citizen.objects.bulk_create([Citizen(municipality=town) for _ in range(start, min(count, start + step))])
            Identity.objects.bulk_create(
                [
                    Identity(municipality=town, citizen=c, kind="phone", value=phone(start + k),
                             value_index=index_for("phone", phone(start + k)), masked=f"+39 *** ***{(start + k) % 10000:04d}")
                    for k, c in enumerate(citizens)
                ]
            )
            consents = ConsentRecord.objects.bulk_create(
                [ConsentRecord(citizen=c, action="accepted", at=now, words="ATTIVA", source="import") for c in citizens]
            )
            Subscription.objects.bulk_create(
                [Subscription(mailing_list=mailing_list, citizen=c, consent=r, source="import", account=number.account)
                 for c, r in zip(citizens, consents)]
            )
    print(count)


def campaign(title: str) -> None:
    number = WhatsAppNumber.objects.select_related("account__municipality").get()
    town = number.account.municipality
    item = Campaign.objects.create(
        municipality=town, title=title, category=Campaign.Category.EMERGENCY, text="Allerta: " + title,
        template=MessageTemplate.objects.get(account=number.account, name="avviso_comune"),
        template_params=["{comune}", "{testo}"], state=Campaign.State.SCHEDULED, approved_at=timezone.now(),
    )
    item.lists.set(MailingList.objects.filter(municipality=town, slug="allerte"))
    print(item.pk)


if __name__ == "__main__":
    if sys.argv[1] == "subscribers":
        subscribers(int(sys.argv[2]), int(sys.argv[3]))
    else:
        campaign(sys.argv[2])
