"""Moderation's quarantine on the case paths: a message hidden by moderation (sportello.moderation) is not shown
through a case either, nor its attachments served; only moderators see it, in moderation's own pages.

A case copies its first messages' words into its title and description when it is opened; a message hidden later
must not stay readable there, so what a case shows is redacted at read time (the stored text is untouched, and
comes back if moderation releases the message).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from sportello.cases.models import Case, CaseAttachment


def placeholder() -> str:
    return _("[testo nascosto dalla moderazione]")


def visible_attachments(qs: QuerySet[CaseAttachment]) -> QuerySet[CaseAttachment]:
    """Staff uploads, and the citizen's files whose message is not hidden."""
    return qs.filter(Q(source__isnull=True) | Q(source__message__hidden_at__isnull=True))


def title_matches(words: str) -> Q:
    """A search on case titles that never matches words a hidden message put there: such a title is shown
    redacted, and a hit would still tell that the hidden words exist."""
    from sportello.conversations.models import Message

    hides = Message.objects.filter(cases=OuterRef("pk"), hidden_at__isnull=False)
    return Q(title__icontains=words) & ~Exists(hides)


def _hidden_texts(case: Case) -> list[str]:
    # case.messages is prefetched by the list views; one query otherwise.
    texts = [m.text.strip() for m in case.messages.all() if m.hidden_at is not None and m.text and m.text.strip()]
    # The whole text, each of its lines, and the first line cut as titles are: whichever was copied.
    pieces = {t for text in texts for t in (text, *text.splitlines(), text.splitlines()[0][:120]) if t.strip()}
    return sorted(pieces, key=len, reverse=True)


def redact(text: str, hidden: Iterable[str]) -> str:
    for piece in hidden:
        if piece and piece in text:
            text = text.replace(piece, placeholder())
    return text


def shown(case: Case) -> Case:
    """Sets `shown_title` and `shown_description`: the case's words with hidden messages' words replaced.

    The case's own fields are left alone, so saving it never writes the redaction.
    """
    hidden = _hidden_texts(case)
    case.shown_title = redact(case.title, hidden)  # type: ignore[attr-defined]
    case.shown_description = redact(case.description, hidden)  # type: ignore[attr-defined]
    return case


def visible_messages(case: Case) -> list[Any]:
    return [m for m in case.messages.all() if m.hidden_at is None]
