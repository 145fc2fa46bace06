"""Two municipalities, two departments each, every role, and one of each tenant object carrying a marker.

Each town's private rows carry its own marker string (citizen names, messages, case titles, campaign texts,
knowledge entries, canned replies…). A response served to anyone must never contain a marker of a town they do
not work for; public pages must contain no private marker at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

PASSWORD = "una-password-lunga-42"
PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64 + bytes.fromhex("ffd9")
# Secrets given to each town's channel accounts: none may ever be written into a page.
SECRETS = ("access-token", "app-secret", "verify-token", "bot-token", "webhook-secret", "mail-password")


def marker(slug: str) -> str:
    return f"MRK{slug.upper()}Q7"


def secret(slug: str, name: str) -> str:
    return f"sekret-{slug}-{name}-x9"


@dataclass
class TownWorld:
    slug: str
    municipality: Any
    users: dict[str, Any]  # role name → user
    objects: dict[str, Any] = field(default_factory=dict)  # object kind → instance

    @property
    def marker(self) -> str:
        return marker(self.slug)

    def secrets(self) -> list[str]:
        return [secret(self.slug, name) for name in SECRETS]


def _user(username: str, municipality: Any, role: str | None, **extra: Any) -> Any:
    from sportello.municipalities.models import StaffMembership

    user = get_user_model().objects.create_user(username, email=f"{username}@comune.example", password=PASSWORD, **extra)
    if role:
        StaffMembership.objects.create(user=user, municipality=municipality, role=role)
    return user


def _accounts(town: Any, slug: str) -> Any:
    """A WhatsApp number, a Telegram bot and a mailbox, each with its secrets."""
    from sportello.connectors.email.models import Mailbox
    from sportello.connectors.telegram.models import TelegramBot
    from sportello.connectors.whatsapp.setup import ensure_whatsapp_number
    from sportello.municipalities.models import ChannelAccount

    number = ensure_whatsapp_number(
        town, phone_number_id=f"77{abs(hash(slug)) % 10**9:09d}", display_phone_number="+39 070 0000000",
        access_token=secret(slug, "access-token"), app_secret=secret(slug, "app-secret"),
        verify_token=secret(slug, "verify-token"),
    )
    telegram = ChannelAccount.objects.create(municipality=town, channel="telegram", label=f"Bot {slug}")
    TelegramBot.objects.create(
        account=telegram, bot_id=str(abs(hash(slug)) % 10**9), username=f"{slug}_bot", token=f"{abs(hash(slug)) % 10**9}:{secret(slug, 'bot-token')}",
        webhook_secret=secret(slug, "webhook-secret"),
    )
    email = ChannelAccount.objects.create(municipality=town, channel="email", label=f"Posta {slug}")
    Mailbox.objects.create(
        account=email, address=f"urp@{slug}.example",
        imap_url=f"imaps://urp:{secret(slug, 'mail-password')}@imap.{slug}.example:993/INBOX",
        smtp_url=f"smtps://urp:{secret(slug, 'mail-password')}@smtp.{slug}.example:465",
    )
    return number.account


def build_town(slug: str) -> TownWorld:
    from sportello.broadcasts.models import Campaign, MailingList, Notice
    from sportello.cases import services as cases
    from sportello.cases.models import Department, DepartmentMembership, Open311Key
    from sportello.citizens.identity import SenderIdentity, resolve_citizen
    from sportello.console.models import CannedReply
    from sportello.conversations.models import Attachment, Conversation, Message
    from sportello.knowledge.models import Entry
    from sportello.moderation.models import Review
    from sportello.municipalities.models import Municipality

    mark = marker(slug)
    town = Municipality.objects.create(slug=slug, name=f"Comune di {slug.title()}")
    account = _accounts(town, slug)
    roads = Department.objects.create(municipality=town, code="strade", name="Strade")
    waste = Department.objects.create(municipality=town, code="ambiente", name="Ambiente")
    users = {
        "operator": _user(f"{slug}-operatore", town, "operator"),
        "department": _user(f"{slug}-strade", town, "operator"),
        "supervisor": _user(f"{slug}-supervisore", town, "supervisor"),
        "administrator": _user(f"{slug}-amministratore", town, "administrator", is_staff=True),
    }
    DepartmentMembership.objects.create(department=roads, user=users["department"])
    # The admin finding: a town's administrator holding every model permission and the staff flag.
    users["administrator"].user_permissions.set(Permission.objects.all())

    now = timezone.now()

    def conversation(phone: str, name: str, text: str) -> tuple[Any, Any]:
        citizen = resolve_citizen(town, SenderIdentity(phone=phone, name=name))
        conv = Conversation.objects.create(
            municipality=town, account=account, citizen=citizen, last_message_at=now, waiting_since=now - timedelta(minutes=5),
        )
        message = Message.objects.create(
            municipality=town, conversation=conv, direction=Message.Direction.INBOUND, kind="text", text=text,
            sent_at=now - timedelta(minutes=5),
        )
        return conv, message

    linked, message = conversation("+393470000001" if slug == "alfa" else "+393470000002",
                                   f"Cittadino {mark}", f"Buca in via Roma {mark}")
    unlinked, other_message = conversation("+393480000001" if slug == "alfa" else "+393480000002",
                                           f"Altro {mark}", f"Certificato anagrafe {mark}")
    attachment = Attachment.objects.create(
        message=message, kind="image", mime_type="image/jpeg", filename=f"foto-{mark}.jpg", state="done",
    )
    attachment.file.save("foto.jpg", ContentFile(PHOTO), save=True)
    case = cases.open_case(department=roads, title=f"Buca {mark}", description=f"Descrizione {mark}",
                           conversation=linked, messages=[message], actor=users["operator"])
    case_attachment = cases.add_attachment(case, "verbale.jpg", PHOTO, "image/jpeg", actor=users["operator"])
    mailing = MailingList.objects.create(municipality=town, slug="notizie", name=f"Notizie {mark}")
    campaign = Campaign.objects.create(municipality=town, title=f"Campagna {mark}", text=f"Testo {mark}")
    campaign.lists.set([mailing])
    Notice.objects.create(municipality=town, title="Avviso pubblico", text="Uffici aperti")  # public: no marker
    entry = Entry.objects.create(municipality=town, title=f"Voce {mark}", question=f"Domanda {mark}?",
                                 answer=f"Risposta {mark}")
    canned = CannedReply.objects.create(municipality=town, title=f"Risposta rapida {mark}", body=f"Gentile {mark}")
    review = Review.objects.create(municipality=town, message=other_message, citizen=other_message.conversation.citizen,
                                   origin=Review.Origin.STAFF)
    key, _secret = Open311Key.issue(town, f"App {slug}")
    from sportello.policies.models import KeywordCommand, Redirect

    command = KeywordCommand.objects.create(municipality=town, action="subscribe", phrases=f"ISCRIVIMI {mark}")
    redirect = Redirect.objects.create(municipality=town, name=f"Rinvio {mark}", kind="booking", text=f"Prenoti {mark}")
    from sportello.cases.models import Category
    from sportello.citizens.models import ConsentPolicy
    from sportello.municipalities.models import StaffMembership

    # No marker in these: Open311 lists categories publicly.
    category = Category.objects.create(department=roads, code="buche", name="Buche")
    policy = ConsentPolicy.objects.create(municipality=town, version=1, title="Informativa", text="Testo",
                                          list_kinds=["news"])
    from sportello.console.models import Label

    label = Label.objects.create(municipality=town, name=f"Etichetta {mark}")
    world = TownWorld(slug=slug, municipality=town, users=users)
    world.objects.update(
        category=category, policy=policy, department_membership=DepartmentMembership.objects.get(department=roads),
        staff_membership=StaffMembership.objects.get(user=users["operator"]),
    )
    world.objects.update(
        account=account, roads=roads, waste=waste, conversation=linked, unlinked=unlinked, message=message,
        other_message=other_message, attachment=attachment, case=case, case_attachment=case_attachment,
        citizen=linked.citizen, campaign=campaign, mailing_list=mailing, entry=entry, canned=canned, review=review,
        open311_key=key, command=command, redirect=redirect, label=label,
    )
    return world


@dataclass
class Matrix:
    own: TownWorld
    other: TownWorld
    superuser: Any

    def towns(self) -> tuple[TownWorld, TownWorld]:
        return self.own, self.other


def build() -> Matrix:
    own, other = build_town("alfa"), build_town("beta")
    superuser = get_user_model().objects.create_superuser("radice", "radice@example.org", PASSWORD)
    return Matrix(own=own, other=other, superuser=superuser)
