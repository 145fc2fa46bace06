"""Raw stored bodies (webhooks, e-mails, form submissions) are encrypted, but whoever holds the key can read
them: erasure must reach them too.

An event that carried only the subject's messages is deleted; one that also carried other people's (a WhatsApp
batch) or that only mentions the subject (a status update with their number) has the subject's identifiers and
words redacted from its body, so the rest can still be re-processed or investigated.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sportello.conversations.models import InboundEvent, Message
from sportello.privacy.redaction import mentions, redact_bytes, redact_text

SCAN_BATCH = 500


def events_of(model: type[InboundEvent], citizens: list[Any]) -> QuerySet[InboundEvent]:
    """The events that carried the subject's messages (the ones that only mention them are found by scanning)."""
    ids = Message._base_manager.filter(
        conversation__citizen__in=[getattr(c, "pk", c) for c in citizens], inbound_event_id__isnull=False
    ).values_list("inbound_event_id", flat=True)
    return InboundEvent.objects.filter(pk__in=list(ids))


def erase_events(events: QuerySet[InboundEvent], erasure: Any) -> int:
    subject = erasure.subject
    carried = set(events.values_list("pk", flat=True))
    shared = set(
        Message._base_manager.filter(inbound_event_id__in=carried)
        .exclude(conversation__citizen__in=subject.ids).values_list("inbound_event_id", flat=True)
    )
    only_theirs = carried - shared
    changed = InboundEvent.objects.filter(pk__in=only_theirs).delete()[0]
    needles = subject.needles
    last = 0
    while True:  # every other stored body: decrypted in batches, rewritten only when it mentions the subject
        batch = list(InboundEvent.objects.filter(pk__gt=last).order_by("pk").only("pk", "body", "problem")[:SCAN_BATCH])
        if not batch:
            break
        last = batch[-1].pk
        for event in batch:
            body = bytes(event.body or b"")
            if event.pk in shared or mentions(body, needles) or mentions(event.problem.encode(), needles):
                event.body = redact_bytes(body, needles)
                event.problem = redact_text(event.problem, needles)
                event.save(update_fields=["body", "problem"])
                changed += 1
    return changed
