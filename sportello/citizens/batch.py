"""Resolving many senders at once (the batched inbound pipeline): one lookup for every blind index of a batch,
then the new citizens and identities inserted in bulk.

Same answer as `identity.resolve_citizen` for each sender, in fewer queries. A concurrent worker inserting the same
identity makes the bulk insert fail with IntegrityError: the caller then redoes the batch one message at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sportello.citizens.identity import SenderIdentity, index_for
from sportello.citizens.masking import mask_identifier
from sportello.citizens.models import Citizen, Identity
from sportello.core import build
from sportello.core.bulk import bulk_update_values, insert_rows, prefetched


def resolve_citizens(
    requests: Sequence[tuple[Any, SenderIdentity]], *, seen_at: Sequence[Any] | None = None
) -> list[Citizen]:
    """The citizen of each (municipality, sender), created on first contact; newly seen identifiers are attached.

    `seen_at`: each message's time, stored as the citizen's last_seen_at (the latest one per citizen).
    """
    keyed = [
        (municipality, sender, [(kind, value, index_for(kind, value)) for kind, value in sender.keys()])
        for municipality, sender in requests
    ]
    if any(not keys for _m, _s, keys in keyed):
        raise ValueError("a sender needs at least one identifier")
    known: dict[tuple[int, str], Identity] = {
        (i.municipality_id, i.value_index): i
        for i in Identity.objects.filter(
            municipality_id__in={m.pk for m, _s, _k in keyed},
            value_index__in={index for _m, _s, keys in keyed for _k, _v, index in keys},
        ).select_related("citizen")
    }
    citizens: list[Citizen] = []
    new: dict[tuple[int, str], Citizen] = {}  # a new sender writing twice in one batch is one citizen
    identities: dict[tuple[int, str], Identity] = {}
    for municipality, sender, keys in keyed:
        found = [known[(municipality.pk, i)] for _k, _v, i in keys if (municipality.pk, i) in known]
        citizen = found[0].citizen if found else None
        if citizen is None:
            citizen = next((new[(municipality.pk, i)] for _k, _v, i in keys if (municipality.pk, i) in new), None)
        if citizen is None:
            citizen = build.new(Citizen, municipality=municipality, display_name=sender.name[:200],
                                username=sender.username[:100])
        for kind, value, index in keys:
            if (municipality.pk, index) not in known and (municipality.pk, index) not in identities:
                new[(municipality.pk, index)] = citizen
                identities[(municipality.pk, index)] = build.new(
                    Identity, municipality=municipality, citizen=citizen, kind=kind, value=value,
                    value_index=index, masked=mask_identifier(kind, value),
                )
        citizens.append(citizen)
    _save(citizens, [sender for _m, sender, _k in keyed], list(identities.values()), seen_at)
    return citizens


def _save(citizens: list[Citizen], senders: list[SenderIdentity], identities: list[Identity],
          seen_at: Sequence[Any] | None) -> None:
    """Insert the new citizens and identities; update names and last_seen_at of the known citizens."""
    changed: dict[int, Citizen] = {}
    for n, (citizen, sender) in enumerate(zip(citizens, senders)):
        if sender.name and sender.name[:200] != citizen.display_name:
            citizen.display_name = sender.name[:200]
        if sender.username and sender.username[:100] != citizen.username:
            citizen.username = sender.username[:100]
        if seen_at is not None and (citizen.last_seen_at is None or seen_at[n] > citizen.last_seen_at):
            citizen.last_seen_at = seen_at[n]
        if citizen.pk is not None:
            changed[citizen.pk] = citizen
    fresh = list({id(c): c for c in citizens if c.pk is None}.values())
    if fresh:
        insert_rows(fresh)
        for citizen in fresh:
            citizen._batch_new = True  # type: ignore[attr-defined]
    if identities:
        # One order for every worker: two batches holding the same new senders then wait for each other on the
        # unique index instead of deadlocking, and the loser falls back to one message at a time.
        identities = sorted(identities, key=lambda i: (i.municipality_id, i.value_index))
        insert_rows(identities)  # takes each citizen's new key from the citizen it points to
    inserted: dict[int, list[Identity]] = {}
    for identity in identities:
        inserted.setdefault(id(identity.citizen), []).append(identity)
    for citizen in fresh:  # all their identities are the ones just inserted: later steps need not ask
        prefetched(citizen, "identities", inserted.get(id(citizen), []))
    if changed:
        bulk_update_values([changed[pk] for pk in sorted(changed)], ["display_name", "username", "last_seen_at"])


def is_new(citizen: Citizen) -> bool:
    """Created by `resolve_citizens` just now: nothing of theirs (conversations, windows) can exist yet."""
    return bool(getattr(citizen, "_batch_new", False))
