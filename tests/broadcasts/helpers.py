"""Building lists, subscribers and campaigns for the broadcasts tests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from sportello.broadcasts.models import Campaign, MailingList, Subscription
from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.citizens.models import ConsentRecord
from sportello.connectors.whatsapp.models import MessageTemplate, MessagingTier
from sportello.municipalities.models import ChannelAccount, StaffMembership


def make_list(municipality, slug: str, **extra) -> MailingList:
    return MailingList.objects.create(municipality=municipality, slug=slug, name=slug.title(), **extra)


def citizen(municipality, phone: str):
    return resolve_citizen(municipality, SenderIdentity(phone=phone))


def whatsapp_account(municipality) -> ChannelAccount:
    return ChannelAccount.objects.filter(municipality=municipality, channel="whatsapp").order_by("pk").first()


def subscribe(mailing_list: MailingList, person, *, consent: bool = True, active: bool = True, account=None) -> Subscription:
    record = None
    if consent:
        record = ConsentRecord.objects.create(
            citizen=person, action=ConsentRecord.Action.ACCEPTED, words="ATTIVA", lists=[mailing_list.slug]
        )
    return Subscription.objects.create(
        mailing_list=mailing_list, citizen=person, consent=record, active=active,
        unsubscribed_at=None if active else timezone.now(),
        account=account or whatsapp_account(mailing_list.municipality),
    )


def staff(municipality, username: str, role: str = StaffMembership.Role.OPERATOR):
    user = get_user_model().objects.create_user(username, password="x" * 12, is_staff=True)
    StaffMembership.objects.create(user=user, municipality=municipality, role=role)
    return user


def template(municipality, name: str = "allerta_urp") -> MessageTemplate:
    return MessageTemplate.objects.get_or_create(
        account=whatsapp_account(municipality), name=name, language="it",
        defaults={"body": "Comunicazione del {{1}}: {{2}}", "status": MessageTemplate.Status.APPROVED},
    )[0]


def campaign(municipality, lists, *, author=None, **fields) -> Campaign:
    fields.setdefault("title", "Allerta")
    fields.setdefault("text", "Allerta meteo rossa: evitare i sottopassi.")
    fields.setdefault("template_params", ["{comune}", "{testo}"])
    if "template" not in fields:
        fields["template"] = template(municipality)
    item = Campaign.objects.create(municipality=municipality, created_by=author, **fields)
    item.lists.set(lists)
    return item


def unlimited(number) -> None:
    MessagingTier.objects.update_or_create(number=number, defaults={"tier": MessagingTier.Tier.UNLIMITED})
