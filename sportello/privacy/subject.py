"""The data subject: a citizen record and the records an operator linked to it (the same person on other
channels), and the strings by which the person could be recognised in free text (numbers in every format, ids,
addresses, names, their own words)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sportello.citizens.links import linked_ids
from sportello.citizens.models import Citizen, Identity
from sportello.conversations.models import Message

MIN_WORDS_LENGTH = 12  # shorter texts ("sì", "grazie") are not the person's and would redact others' words


@dataclass
class Subject:
    citizen: Citizen
    records: list[Citizen]
    identifiers: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    @property
    def ids(self) -> list[int]:
        return [c.pk for c in self.records]

    @property
    def needles(self) -> list[str]:
        """Longest first, so a number is replaced whole before a shorter form of it."""
        return sorted(self.identifiers | self.words, key=len, reverse=True)


def phone_forms(e164: str) -> set[str]:
    """'+393478765432' as people and channels write it: E.164, wa_id digits, 0039…, national, grouped."""
    digits = e164.lstrip("+")
    national = digits[2:] if digits.startswith("39") else digits
    forms = {e164, digits, "00" + digits, national}
    if len(national) >= 9:
        forms |= {f"{national[:3]} {national[3:6]} {national[6:]}", f"{national[:3]} {national[3:]}",
                  f"+{digits[:2]} {national}", f"+{digits[:2]} {national[:3]} {national[3:6]} {national[6:]}"}
    return {f for f in forms if len(f) >= 6}


def subject_of(citizen: Citizen) -> Subject:
    records = [citizen, *Citizen._base_manager.filter(pk__in=linked_ids(citizen)).order_by("pk")]
    subject = Subject(citizen=citizen, records=records)
    for identity in Identity._base_manager.filter(citizen__in=subject.ids):
        value = identity.value
        if identity.kind == Identity.Kind.PHONE:
            subject.identifiers |= phone_forms(value)
        elif value:
            subject.identifiers.add(value)
            if identity.kind == Identity.Kind.TELEGRAM and value.lstrip("-").isdigit() and len(value) < 6:
                subject.identifiers.discard(value)  # too short to search for safely
    for record in records:
        for name in (record.display_name, record.username):
            if len(name) >= 4:
                subject.identifiers.add(name)
    texts = Message._base_manager.filter(
        conversation__citizen__in=subject.ids, direction=Message.Direction.INBOUND
    ).values_list("text", flat=True)
    for text in texts:
        for part in [text, *text.splitlines()]:
            part = part.strip()
            if len(part) >= MIN_WORDS_LENGTH:
                subject.words.add(part)
    return subject
