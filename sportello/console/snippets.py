"""Search results that show why they matched: a short excerpt of a matching message with the words in <mark>.

Only messages an operator may see are used (`queries.visible_messages`: never a message moderation hid), and the
excerpt is escaped before the marks are added, so a citizen's text cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 110


def _pattern(query: str) -> re.Pattern[str] | None:
    terms = sorted({t for t in re.findall(r"\w+", query) if t}, key=len, reverse=True)
    parts = [rf"\b{re.escape(t)}\w*" for t in terms]  # prefix matching, as the PostgreSQL search does
    if query.strip():
        parts.append(re.escape(query.strip()))  # SQLite matches any substring
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, query: str, width: int = WIDTH) -> SafeString | None:
    """An excerpt around the first match, escaped, with every match in <mark>; None when nothing matches."""
    pattern = _pattern(query)
    text = " ".join((text or "").split())
    first = pattern.search(text) if pattern else None
    if pattern is None or first is None:
        return None
    start = max(0, first.start() - width // 3)
    end = min(len(text), start + width)
    excerpt = text[start:end]
    pieces, cursor = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[cursor:match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        cursor = match.end()
    pieces.append(escape(excerpt[cursor:]))
    return mark_safe(("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else ""))  # noqa: S308


def attach(conversations: Iterable[Any], matching_messages: Any, query: str) -> None:
    """Set `snippet` on each conversation from its latest matching message (one query for the whole page)."""
    by_id = {c.pk: c for c in conversations}
    if not by_id or not query:
        return
    rows = matching_messages.filter(conversation_id__in=list(by_id)).order_by("-sent_at", "-id")
    seen: set[int] = set()
    for conversation_id, text in rows.values_list("conversation_id", "text")[:500]:
        if conversation_id in seen:
            continue
        snippet = highlight(text, query)
        if snippet is not None:
            seen.add(conversation_id)
            by_id[conversation_id].snippet = snippet
