"""Read-side of the console: scoped conversation lists, search, and messages prepared for display."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest

from sportello.connectors.base import MessageKind
from sportello.conversations.models import Conversation, Message
from sportello.municipalities.scoping import municipalities_for

SIDE_KINDS = (MessageKind.REACTION, MessageKind.EDIT, MessageKind.REVOKE)
LIST_LIMIT = 200
HISTORY_LIMIT = 300

VIEWS = ("aperte", "in_attesa", "mie", "non_assegnate", "chiuse", "bloccati", "tutte")
# The views that make up the queue of work to do: a blocked citizen's conversation is not in them (their messages
# go to moderation's quarantine); it stays reachable under "bloccati" and "tutte".
QUEUE_VIEWS = ("aperte", "in_attesa", "mie", "non_assegnate")


def visible_messages() -> QuerySet[Message]:
    """Messages an operator may see: moderation-hidden ones never are."""
    return Message.objects.filter(hidden_at__isnull=True)


def scoped_conversations(user: Any) -> QuerySet[Conversation]:
    return Conversation.objects.visible_to(user)


def conversation_or_404(user: Any, pk: int) -> Conversation:
    """Another municipality's conversation does not exist for this user (404, never 403: no probing)."""
    conversation = (
        scoped_conversations(user).select_related("municipality", "account", "citizen", "assigned_to")
        .prefetch_related("citizen__identities").filter(pk=pk).first()
    )
    if conversation is None:
        raise Http404
    return conversation


def search_messages(messages: QuerySet[Message], text: str) -> QuerySet[Message]:
    """PostgreSQL: Italian full-text search with prefix matching (`anagr` finds `anagrafe`);
    SQLite: a case-insensitive substring match."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        terms = re.findall(r"\w+", text)
        if not terms:
            return messages.none()
        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="italian")
        return messages.annotate(_document=SearchVector("text", config="italian")).filter(_document=query)
    return messages.filter(text__icontains=text)


def matching_messages(user: Any, text: str) -> QuerySet[Message]:
    """The visible messages of the user's municipalities that match a search (never a hidden one)."""
    return search_messages(visible_messages().filter(municipality__in=municipalities_for(user)), text)


@dataclass
class InboxFilters:
    view: str = "aperte"
    channel: str = ""
    municipality: str = ""
    q: str = ""
    order: str = "attesa"
    label: int | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> InboxFilters:
        get = request.GET
        view = get.get("vista", "aperte")
        return cls(
            view=view if view in VIEWS else "aperte",
            channel=get.get("canale", "")[:20],
            municipality=get.get("comune", "")[:60],
            q=get.get("q", "").strip()[:200],
            order="recenti" if get.get("ordine") == "recenti" else "attesa",
            label=int(get["etichetta"]) if get.get("etichetta", "").isdigit() else None,
        )

    def querystring(self) -> str:
        from urllib.parse import urlencode

        items = {"vista": self.view, "canale": self.channel, "comune": self.municipality, "q": self.q, "ordine": self.order,
                 "etichetta": str(self.label or "")}
        return urlencode({k: v for k, v in items.items() if v and not (k == "vista" and v == "aperte")
                          and not (k == "ordine" and v == "attesa")})


def inbox(user: Any, filters: InboxFilters) -> QuerySet[Conversation]:
    qs = scoped_conversations(user).select_related("municipality", "account", "citizen", "assigned_to")
    qs = qs.prefetch_related("citizen__identities", "label_links__label")
    open_ = Conversation.State.OPEN
    if filters.view in QUEUE_VIEWS:
        qs = qs.filter(citizen__blocked_at__isnull=True)
    if filters.view == "aperte":
        qs = qs.filter(state=open_)
    elif filters.view == "in_attesa":
        qs = qs.filter(state=open_, waiting_since__isnull=False)
    elif filters.view == "mie":
        qs = qs.filter(state=open_, assigned_to=user)
    elif filters.view == "non_assegnate":
        qs = qs.filter(state=open_, assigned_to__isnull=True)
    elif filters.view == "chiuse":
        qs = qs.filter(state=Conversation.State.CLOSED)
    elif filters.view == "bloccati":
        qs = qs.filter(citizen__blocked_at__isnull=False)
    if filters.label:
        qs = qs.filter(label_links__label_id=filters.label)
    if filters.channel:
        qs = qs.filter(account__channel=filters.channel)
    if filters.municipality:
        qs = qs.filter(municipality__slug=filters.municipality)
    if filters.q:
        matching = matching_messages(user, filters.q)
        qs = qs.filter(Q(pk__in=matching.values("conversation_id")) | Q(citizen__display_name__icontains=filters.q))
    latest = visible_messages().filter(conversation=OuterRef("pk")).exclude(kind__in=SIDE_KINDS).order_by("-sent_at", "-id")
    qs = qs.annotate(
        last_text=Subquery(latest.values("text")[:1]),
        last_kind=Subquery(latest.values("kind")[:1]),
        last_direction=Subquery(latest.values("direction")[:1]),
    )
    if filters.order == "recenti":
        qs = qs.order_by(F("last_message_at").desc(nulls_last=True), "-id")
    else:
        qs = qs.order_by(F("waiting_since").asc(nulls_last=True), F("last_message_at").desc(nulls_last=True), "-id")
    return qs


def history(conversation: Conversation) -> list[Message]:
    """The conversation's messages for display, oldest first, with reactions attached to their targets."""
    messages = list(
        visible_messages().filter(conversation=conversation)
        .select_related("author", "reply_to").prefetch_related("attachments")
        .order_by("-sent_at", "-id")[:HISTORY_LIMIT]
    )
    messages.reverse()
    return prepare(messages, conversation)


def prepare(messages: list[Message], conversation: Conversation) -> list[Message]:
    """Drop side messages (edits, revocations and reactions change other messages) and attach reactions."""
    target_ids = [m.pk for m in messages]
    reactions: dict[int, dict[str, str]] = {}
    for reaction in (
        visible_messages().filter(conversation=conversation, kind=MessageKind.REACTION, reply_to_id__in=target_ids)
        .order_by("sent_at", "id")
    ):
        by_direction = reactions.setdefault(reaction.reply_to_id or 0, {})
        emoji = str(reaction.payload.get("emoji") or "")
        if emoji:
            by_direction[reaction.direction] = emoji
        else:
            by_direction.pop(reaction.direction, None)
    shown = []
    for message in messages:
        if message.kind in SIDE_KINDS:
            continue
        message.reactions = list(reactions.get(message.pk, {}).values())  # type: ignore[attr-defined]
        if message.reply_to is not None and message.reply_to.hidden_at is not None:
            message.reply_to_hidden = True  # type: ignore[attr-defined]
        if message.kind == MessageKind.LOCATION:
            message.map = location_map(message.payload)  # type: ignore[attr-defined]
        shown.append(message)
    return shown


def location_map(payload: dict[str, Any]) -> dict[str, Any] | None:
    """A map link always; one OpenStreetMap-style tile with a marker when SPORTELLO_MAP_TILES_URL is set."""
    try:
        lat, lon = float(payload["latitude"]), float(payload["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    result: dict[str, Any] = {"lat": lat, "lon": lon,
                              "link": settings.SPORTELLO_MAP_LINK_URL.format(lat=lat, lon=lon)}
    if settings.SPORTELLO_MAP_TILES_URL:
        zoom = 16
        n = 2 ** zoom
        x = (lon + 180.0) / 360.0 * n
        y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
        result.update(
            tile=settings.SPORTELLO_MAP_TILES_URL.format(z=zoom, x=int(x), y=int(y)),
            marker_left=round((x - int(x)) * 100, 1), marker_top=round((y - int(y)) * 100, 1),
        )
    return result
