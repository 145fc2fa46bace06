"""Third parties' personal data, and the accounts of private collections.

Whose data it is decides everything (see pii.py): the sender's own number, a relative's details given to ask for
them, the municipality's treasury IBAN and an advert's contact are set aside with the reason, so an operator can see
why they did not count.
"""

from __future__ import annotations

from sportello.moderation.screening import context
from sportello.moderation.screening.detectors.base import Finding, Message
from sportello.moderation.screening.pii import PiiFinding, find_pii
from sportello.moderation.screening.types import Category, Evidence

# How much one piece of someone else's data weighs. Phone numbers, codici fiscali and IBANs identify a person on
# their own; a plate or an e-mail address mostly do when they come with a name.
_THIRD_PARTY = {"phone": 0.85, "fiscal_code": 0.85, "iban": 0.85, "email": 0.6, "plate": 0.55, "address": 0.7}
_UNKNOWN = {"phone": 0.45, "fiscal_code": 0.45, "iban": 0.4, "email": 0.25, "plate": 0.2, "address": 0.0}
_CLEARED = {
    "self": "the sender's own data",
    "relative": "a relative's data, given to ask on their behalf",
    "official": "the municipality's or a public office's contact",
    "business": "an advert's contact (see promotion)",
    "appeal": "a collection's account (see fundraising)",
}


def detect(msg: Message) -> list[Finding]:
    commercial = msg.score(Category.PROMOTION) >= 0.5
    # Any appeal for money (even one below the flag) makes an account in the message the collection's account.
    appeal = msg.score(Category.FUNDRAISING) > 0 and not context.donor_intent(msg.doc)
    out: list[Finding] = []
    for item in find_pii(msg.doc, msg.ctx, msg.persons, commercial=commercial, appeal=appeal):
        evidence = _evidence(msg, item)
        if item.owner == "appeal":
            out.append(Finding(Category.FUNDRAISING, _evidence(msg, item, 0.5)))
        if item.owner in _CLEARED:
            out.append(Finding(Category.THIRD_PARTY_PII, evidence, cleared=_CLEARED[item.owner]))
        elif evidence.weight > 0:
            out.append(Finding(Category.THIRD_PARTY_PII, evidence))
    return out


def _evidence(msg: Message, item: PiiFinding, weight: float | None = None) -> Evidence:
    if weight is None:
        table = _THIRD_PARTY if item.owner == "third_party" else _UNKNOWN
        weight = table.get(item.kind, 0.0) if item.owner in ("third_party", "unknown") else 0.0
    start, end = item.span
    # Personal data is never copied into a verdict in clear: the span locates it in the message it belongs to.
    return Evidence(f"pii:{item.kind}", item.span, mask(msg.doc.original[start:end]), mask(item.value), weight,
                    f"{item.owner}: {item.reason}")


def mask(value: str) -> str:
    """'+393331234567' -> '+39********67': enough to tell two findings apart, not enough to use them."""
    positions = [k for k, ch in enumerate(value) if ch.isalnum()]
    hidden = set(positions[2:-2]) if len(positions) > 4 else set(positions)
    return "".join("*" if k in hidden else ch for k, ch in enumerate(value))
