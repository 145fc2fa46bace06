"""The daily bulletin (Livorno's "Stato"): notices, calls and deadlines valid today, in chat, on the web, in Atom.

WhatsApp has no API for Status, so Sportello serves the bulletin itself: `current_bulletin_text` is what a
citizen receives on request in chat (the policies app calls it on 👍), the public page and the feed show the same
notices, and followers who opted in to push get it daily as a utility template (a recurring campaign with
source "bulletin").
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sportello.broadcasts.models import Notice
from sportello.municipalities.models import Municipality

CHAT_LIMIT = 4096


def current_notices(municipality: Municipality, day: date | None = None) -> QuerySet[Notice]:
    day = day or timezone.localdate()
    return (
        Notice.objects.filter(municipality=municipality, published=True, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("kind", "valid_to", "-valid_from", "pk")
    )


def page_url(municipality: Municipality) -> str:
    return settings.SITE_URL + reverse("bulletin-page", args=[municipality.slug])


def current_bulletin_text(municipality: Municipality, day: date | None = None) -> str:
    """Today's bulletin as one chat message (plain text, at most 4,096 characters: WhatsApp's and Telegram's limit)."""
    day = day or timezone.localdate()
    notices = list(current_notices(municipality, day))
    header = _("📋 Bollettino del %(comune)s — %(data)s") % {
        "comune": municipality.name, "data": date_format(day, "l j F Y"),
    }
    footer = _("Tutti gli avvisi: %(url)s") % {"url": page_url(municipality)}
    if not notices:
        return f"{header}\n\n{_('Oggi non ci sono avvisi in corso.')}\n\n{footer}"
    entries = []
    for notice in notices:
        entry = f"▪️ *{notice.get_kind_display().capitalize()}*: {notice.title}"
        if notice.valid_to:
            entry += " " + _("(fino al %(data)s)") % {"data": date_format(notice.valid_to, "j F")}
        if notice.text:
            text = notice.text.strip()
            entry += "\n" + (text if len(text) <= 300 else text[:299].rstrip() + "…")
        if notice.link:
            entry += "\n" + notice.link
        entries.append(entry)
    body, shown = "", 0
    for entry in entries:
        more = _("…e altri %(n)s avvisi sulla pagina del bollettino.") % {"n": len(entries) - shown}
        candidate = f"{body}\n\n{entry}" if body else entry
        if len(header) + len(candidate) + len(more) + len(footer) + 8 > CHAT_LIMIT:
            body = f"{body}\n\n{more}"
            break
        body, shown = candidate, shown + 1
    return f"{header}\n\n{body}\n\n{footer}"
