"""Mailing lists and the consent policy: saving a list, publishing a new policy version, what the console shows.

The policy is one series of versions per municipality (`ConsentPolicy.version` is unique per town). A version is
never rewritten once published: consent records point at it (`ConsentRecord.policy`, PROTECT) and record its hash.
Publishing a new version puts it in force and takes the earlier ones out of force, so `policies.services.
policy_covering` asks new subscribers to accept the new text; citizens who accepted an earlier version stay
subscribed (`valid_consent` reads the kinds of the version they accepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q

from sportello.broadcasts.models import MailingList
from sportello.citizens.models import ConsentPolicy, ConsentRecord
from sportello.core.audit import audit
from sportello.municipalities.models import Municipality
from sportello.policies.matching import tag_key


def normalise_tags(raw: str) -> list[str]:
    """"#Emergenze, allerta meteo" → ["#EMERGENZE", "#ALLERTAMETEO"]: one tag per comma or line, no duplicates
    (after the same folding the command matcher applies)."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in raw.replace("\n", ",").split(","):
        key = tag_key(part)
        if key and key not in seen:
            seen.add(key)
            tags.append("#" + "".join(part.replace("#", " ").split()).upper())
    return tags


def lists_with_counts(town: Municipality) -> list[MailingList]:
    return list(
        MailingList.objects.filter(municipality=town)
        .annotate(subscribers=Count("subscriptions", filter=Q(subscriptions__active=True)))
        .order_by("-active", "name")
    )


def save_list(mailing_list: MailingList, changed: list[str], actor: Any) -> MailingList:
    created = mailing_list.pk is None
    mailing_list.save()
    audit("organisation.list.created" if created else "organisation.list.changed", actor=actor,
          municipality=mailing_list.municipality, target=mailing_list, slug=mailing_list.slug, fields=changed)
    return mailing_list


@dataclass(frozen=True)
class VersionRow:
    policy: ConsentPolicy
    accepted: int  # consent records that point at this version


def history(town: Municipality) -> list[VersionRow]:
    accepted = dict(
        ConsentRecord.objects.filter(policy__municipality=town, action=ConsentRecord.Action.ACCEPTED)
        .values_list("policy_id").annotate(n=Count("id")).values_list("policy_id", "n")
    )
    return [VersionRow(p, accepted.get(p.pk, 0))
            for p in ConsentPolicy.objects.filter(municipality=town).order_by("-version")]


def current(town: Municipality) -> ConsentPolicy | None:
    return ConsentPolicy.objects.filter(municipality=town, active=True).order_by("-version").first()


def uncovered_lists(town: Municipality, kinds: list[str]) -> list[MailingList]:
    """Active lists that ask for consent but whose kind a policy with `kinds` would not cover."""
    candidates = MailingList.objects.filter(municipality=town, active=True, requires_consent=True).order_by("name")
    return [m for m in candidates if m.category not in kinds]


@transaction.atomic
def publish(town: Municipality, *, title: str, text: str, list_kinds: list[str], actor: Any) -> ConsentPolicy:
    """A new version in force; earlier versions stay (for the records that cite them) out of force."""
    last = ConsentPolicy.objects.select_for_update().filter(municipality=town).aggregate(v=Max("version"))["v"] or 0
    retired = list(ConsentPolicy.objects.filter(municipality=town, active=True).values_list("version", flat=True))
    ConsentPolicy.objects.filter(municipality=town, active=True).update(active=False)
    policy = ConsentPolicy.objects.create(municipality=town, version=last + 1, title=title, text=text,
                                          list_kinds=list(list_kinds), active=True)
    audit("organisation.policy.published", actor=actor, municipality=town, target=policy, version=policy.version,
          list_kinds=policy.list_kinds, replaced_versions=sorted(retired), text_hash=policy.text_hash)
    return policy
