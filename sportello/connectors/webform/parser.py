"""A stored form submission (the JSON that `submit.py` wrote) → channel-neutral inbound messages.

One submission gives one text message (with the files as its attachments) and, when the citizen placed a pin on
the map, a location message beside it. The category and the place are written at the top of the text too: the
operator reads them in the inbox, and screening and routing read them like any message text.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.citizens.identity import SenderIdentity
from sportello.connectors.base import InboundMessage, MediaRef, MessageKind, ParsedBatch, UnparseableBody

CHANNEL = "webform"
ORIGINAL_TYPE = "webform"  # marks a submission's own message (the tracking page looks for it)
LOCATION_SUFFIX = "/luogo"


def _sent_at(raw: Any) -> datetime:
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        return timezone.now()
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def compose_text(body: dict[str, Any]) -> str:
    lines = []
    category = (body.get("category") or {}).get("label")
    if category:
        lines.append(_("Argomento: %(category)s") % {"category": category})
    address = (body.get("place") or {}).get("address")
    if address:
        lines.append(_("Luogo: %(address)s") % {"address": address})
    head = "\n".join(lines)
    return f"{head}\n\n{body.get('message', '')}".strip() if head else str(body.get("message", ""))


def parse_body(raw: bytes) -> ParsedBatch:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnparseableBody(f"not JSON: {exc}") from exc
    if not isinstance(body, dict) or body.get("v") != 1:
        raise UnparseableBody("not a version 1 web form submission")
    try:
        reference = str(body["reference"])
        account_ref = str(body["form"])
        sender = body["sender"]
        sender_identity = SenderIdentity(email=str(sender["email"]), name=str(sender.get("name") or ""))
    except (KeyError, TypeError) as exc:
        raise UnparseableBody(f"missing field: {exc}") from exc
    sent_at = _sent_at(body.get("submitted_at"))
    media = [
        MediaRef(
            kind=str(a["kind"]), media_id=str(a["media_id"]), mime_type=str(a.get("mime_type", "")),
            sha256=str(a.get("sha256", "")), filename=str(a.get("filename", "")),
        )
        for a in body.get("attachments") or []
    ]
    category = body.get("category") or {}
    place = body.get("place") or {}
    payload: dict[str, Any] = {"reference": reference, "category": category}
    if place:
        payload["place"] = place
    if body.get("privacy"):
        payload["privacy"] = body["privacy"]  # the notice the citizen declared to have read
    batch = ParsedBatch()
    batch.messages.append(
        InboundMessage(
            channel=CHANNEL, account_ref=account_ref, external_id=reference, sender=sender_identity,
            sent_at=sent_at, kind=MessageKind.TEXT, text=compose_text(body), payload=payload, media=media,
            original_type=ORIGINAL_TYPE,
        )
    )
    if place.get("latitude") is not None and place.get("longitude") is not None:
        location = {"latitude": float(place["latitude"]), "longitude": float(place["longitude"])}
        if place.get("address"):
            location["address"] = str(place["address"])
        location["name"] = _("Luogo indicato nel modulo %(reference)s") % {"reference": reference}
        batch.messages.append(
            InboundMessage(
                channel=CHANNEL, account_ref=account_ref, external_id=reference + LOCATION_SUFFIX,
                sender=sender_identity, sent_at=sent_at, kind=MessageKind.LOCATION,
                text=str(place.get("address") or ""), payload=location, original_type="webform-location",
            )
        )
    return batch
