"""Finding or creating the citizen behind an inbound message, and re-linking identity when it changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from sportello.core.audit import audit
from sportello.core.crypto import blind_index
from sportello.citizens.masking import mask_identifier
from sportello.citizens.models import Citizen, Identity
from sportello.citizens.phones import InvalidPhoneNumber, normalize_phone
from sportello.municipalities.models import Municipality


@dataclass(frozen=True)
class SenderIdentity:
    """Who sent an inbound message, as the channel told us. Any field may be missing."""

    phone: str = ""  # as given by the channel (WhatsApp: digits without '+')
    bsuid: str = ""
    username: str = ""
    name: str = ""
    email: str = ""
    telegram_id: str = ""

    def keys(self) -> list[tuple[str, str]]:
        """(kind, canonical value) pairs, most reliable first."""
        # Parsing a phone number is the costly part and the pipeline asks several times per message: kept once.
        if "_keys" not in self.__dict__:
            object.__setattr__(self, "_keys", tuple(self._find_keys()))
        return list(self.__dict__["_keys"])

    def _find_keys(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if self.phone:
            try:
                found.append((Identity.Kind.PHONE, normalize_phone(self.phone)))
            except InvalidPhoneNumber:
                pass
        if self.bsuid:
            found.append((Identity.Kind.BSUID, self.bsuid.strip()))
        if self.email:
            found.append((Identity.Kind.EMAIL, self.email.strip().lower()))
        if self.telegram_id:
            found.append((Identity.Kind.TELEGRAM, self.telegram_id.strip()))
        return found


def index_for(kind: str, value: str) -> str:
    return blind_index(kind, value)


def find_citizen(municipality: Municipality, kind: str, value: str) -> Citizen | None:
    identity = (
        Identity.objects.filter(municipality=municipality, kind=kind, value_index=index_for(kind, value))
        .select_related("citizen")
        .first()
    )
    return identity.citizen if identity else None


def _attach(citizen: Citizen, kind: str, value: str) -> None:
    try:
        with transaction.atomic():
            Identity.objects.create(
                municipality=citizen.municipality,
                citizen=citizen,
                kind=kind,
                value=value,
                value_index=index_for(kind, value),
            )
    except IntegrityError:
        pass  # a concurrent worker attached it first


def _create(municipality: Municipality, sender: SenderIdentity, keys: list[tuple[str, str, str]]) -> Citizen:
    """A new citizen with all its identifiers, or nothing at all (IntegrityError if one is taken)."""
    with transaction.atomic():
        citizen = Citizen.objects.create(
            municipality=municipality, display_name=sender.name[:200], username=sender.username[:100]
        )
        Identity.objects.bulk_create([
            Identity(municipality=municipality, citizen=citizen, kind=kind, value=value, value_index=index,
                     masked=mask_identifier(kind, value))
            for kind, value, index in keys
        ])
    return citizen


def resolve_citizen(municipality: Municipality, sender: SenderIdentity) -> Citizen:
    """The citizen for these identifiers, created on first contact; newly seen identifiers are attached."""
    keys = list({(kind, index): (kind, value, index)
                 for kind, value in sender.keys() for index in [index_for(kind, value)]}.values())
    if not keys:
        raise ValueError("a sender needs at least one identifier")
    # One query answers both "who is this?" and "which of these identifiers do we already know?".
    existing = {
        i.value_index: i
        for i in Identity.objects.filter(
            municipality=municipality, value_index__in=[index for _, _, index in keys]
        ).select_related("citizen")
    }
    citizen = next((existing[index].citizen for _, _, index in keys if index in existing), None)
    if citizen is None:
        try:
            return _create(municipality, sender, keys)
        except IntegrityError:
            # Another worker created this citizen meanwhile (its transaction committed before our insert
            # failed): take theirs, never an orphan record of our own.
            return resolve_citizen(municipality, sender)
    for kind, value, index in keys:
        if index not in existing:
            _attach(citizen, kind, value)
    changed = []
    if sender.name and sender.name[:200] != citizen.display_name:
        citizen.display_name = sender.name[:200]
        changed.append("display_name")
    if sender.username and sender.username[:100] != citizen.username:
        citizen.username = sender.username[:100]
        changed.append("username")
    if changed:
        citizen.save(update_fields=changed)
    return citizen


def change_phone_number(citizen: Citizen, new_phone: str) -> None:
    """WhatsApp's user_changed_number: the old number is retired, the new one reaches the same citizen."""
    canonical = normalize_phone(new_phone)
    new_index = index_for(Identity.Kind.PHONE, canonical)
    now = timezone.now()
    with transaction.atomic():
        other = Identity.objects.filter(
            municipality=citizen.municipality, kind=Identity.Kind.PHONE, value_index=new_index
        ).exclude(citizen=citizen)
        # The new number may already belong to a citizen record created by an earlier message; the number
        # change says it is the same person, so that record's identity moves here.
        other.update(citizen=citizen, active=True, retired_at=None)
        Identity.objects.filter(citizen=citizen, kind=Identity.Kind.PHONE, active=True).exclude(
            value_index=new_index
        ).update(active=False, retired_at=now)
        if not Identity.objects.filter(citizen=citizen, kind=Identity.Kind.PHONE, value_index=new_index).exists():
            _attach(citizen, Identity.Kind.PHONE, canonical)
        audit("citizen.number_changed", municipality=citizen.municipality, target=citizen)
