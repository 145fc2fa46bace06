"""Everything the office knows about one person, as the console's citizen page shows it.

The person is the citizen record and the records an operator linked to it (other channels). What a user sees is
narrowed as everywhere else: conversations through `Conversation.objects.visible_to`, cases through
`cases.access.cases_for`; subscriptions, consents and moderation history only to those who see the whole
municipality (department staff see their department's conversations and cases, nothing more).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from sportello.broadcasts.models import Subscription
from sportello.cases.access import cases_for, sees_all_cases
from sportello.citizens import links
from sportello.citizens.models import Citizen, ConsentRecord, Identity
from sportello.conversations.models import Conversation
from sportello.core.models import AuditEntry
from sportello.moderation.models import Review, Strike

MODERATION_ACTIONS = ("citizen.blocked", "citizen.unblocked", "moderation.strike", "moderation.notice_refused",
                      "moderation.lists_removed", "moderation.evidence_exported")
LIMIT = 100


@dataclass
class CitizenProfile:
    citizen: Citizen
    records: list[Citizen]
    identities: list[Identity]
    conversations: list[Conversation]
    cases: list[Any]
    whole_view: bool
    subscriptions: list[Subscription] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    strikes: list[Strike] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    moderation_log: list[AuditEntry] = field(default_factory=list)


def profile_for(user: Any, citizen_id: int) -> CitizenProfile:
    """404 unless the user may see at least one of this person's conversations or cases (no hint they exist)."""
    citizen = Citizen.objects.select_related("municipality").filter(pk=citizen_id).first()
    if citizen is None:
        raise Http404
    ids = [citizen.pk, *sorted(links.linked_ids(citizen))]
    records = list(Citizen.objects.filter(pk__in=ids).order_by("pk"))
    conversations = list(
        Conversation.objects.visible_to(user).filter(citizen_id__in=ids)
        .select_related("account", "assigned_to", "municipality").prefetch_related("label_links__label")
        .order_by("-last_message_at", "-pk")[:LIMIT]
    )
    cases = list(
        cases_for(user).filter(Q(citizen_id__in=ids) | Q(conversation__citizen_id__in=ids))
        .select_related("department").distinct().order_by("-created_at")[:LIMIT]
    )
    whole_view = sees_all_cases(user, citizen.municipality_id)
    if not conversations and not cases and not whole_view:
        raise Http404
    result = CitizenProfile(
        citizen=citizen, records=records, conversations=conversations, cases=cases, whole_view=whole_view,
        identities=list(Identity.objects.filter(citizen_id__in=ids).order_by("citizen_id", "kind", "pk")),
    )
    if whole_view:
        result.subscriptions = list(
            Subscription.objects.filter(citizen_id__in=ids).select_related("mailing_list", "account")
            .order_by("-active", "-subscribed_at")
        )
        result.consents = list(ConsentRecord.objects.filter(citizen_id__in=ids).select_related("policy")[:LIMIT])
        result.strikes = list(Strike.objects.filter(citizen_id__in=ids).order_by("-created_at")[:LIMIT])
        result.reviews = list(Review.objects.filter(citizen_id__in=ids).order_by("-created_at")[:LIMIT])
        result.moderation_log = list(
            AuditEntry.objects.filter(
                target_type="citizens.citizen", target_id__in=[str(i) for i in ids], action__in=MODERATION_ACTIONS,
            ).order_by("-created_at")[:LIMIT]
        )
    return result

