"""One person, several channels: links between citizen records, made and undone only by an operator.

A link never merges anything: each record keeps its identities, consents and subscriptions (they are per
channel). It lets the console show the person's other conversations. Links are transitive for display (A–B and
B–C show C beside A) and always within one municipality.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.citizens.models import Citizen, CitizenLink
from sportello.core.audit import audit

MAX_GROUP = 50  # a person has a handful of records; the walk stops well before a runaway chain


class LinkError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def active_links(municipality_id: int) -> Any:
    return CitizenLink.objects.filter(municipality_id=municipality_id, undone_at__isnull=True)


def linked_ids(citizen: Citizen) -> set[int]:
    """Every citizen record linked to this one, directly or through others (the citizen itself excluded)."""
    seen = {citizen.pk}
    frontier = {citizen.pk}
    links = active_links(citizen.municipality_id)
    while frontier and len(seen) < MAX_GROUP:
        found = set()
        for a, b in links.filter(Q(a_id__in=frontier) | Q(b_id__in=frontier)).values_list("a_id", "b_id"):
            found.update((a, b))
        frontier = found - seen
        seen |= frontier
    seen.discard(citizen.pk)
    return seen


def links_of(citizen: Citizen) -> list[CitizenLink]:
    """The links that touch this record directly (what "Annulla collegamento" can undo from here)."""
    return list(
        active_links(citizen.municipality_id).filter(Q(a=citizen) | Q(b=citizen))
        .select_related("a", "b", "created_by").order_by("created_at")
    )


def link(first: Citizen, second: Citizen, actor: Any) -> CitizenLink:
    if first.municipality_id != second.municipality_id:
        raise LinkError(_("Si possono collegare solo cittadini dello stesso comune."), "other_municipality")
    if first.pk == second.pk:
        raise LinkError(_("Non si può collegare un cittadino a se stesso."), "same_citizen")
    if second.pk in linked_ids(first):
        raise LinkError(_("Questi cittadini sono già collegati."), "already_linked")
    a, b = sorted((first, second), key=lambda c: c.pk)
    try:
        with transaction.atomic():
            created = CitizenLink.objects.create(
                municipality_id=a.municipality_id, a=a, b=b,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit("citizen.linked", actor=actor, municipality=a.municipality, target=created, a=a.pk, b=b.pk)
    except IntegrityError as exc:  # a colleague confirmed the same link a moment ago
        raise LinkError(_("Questi cittadini sono già collegati."), "already_linked") from exc
    return created


def unlink(citizen_link: CitizenLink, actor: Any) -> CitizenLink:
    with transaction.atomic():
        done = CitizenLink.objects.filter(pk=citizen_link.pk, undone_at__isnull=True).update(
            undone_at=timezone.now(), undone_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if not done:
            raise LinkError(_("Il collegamento era già stato annullato."), "already_undone")
        citizen_link.refresh_from_db()
        audit(
            "citizen.unlinked", actor=actor, municipality=citizen_link.municipality, target=citizen_link,
            a=citizen_link.a_id, b=citizen_link.b_id,
        )
    return citizen_link
