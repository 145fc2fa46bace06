"""The readable copy of an access export (reportlab), in the citizen's language through gettext."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

TEXT_LIMIT = 4000  # one message's text in the PDF; the JSON has all of it


def _when(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M") if value else "—"


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    # Paragraph speaks a small XML dialect: the citizen's own text is escaped, line breaks kept.
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)




def render_export(export: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    body, h1, h2, h3 = styles["BodyText"], styles["Title"], styles["Heading2"], styles["Heading3"]
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    story: list[Any] = [
        _p(_("Your personal data held by %(town)s") % {"town": export["municipality"]}, h1),
        _p(_("Copy generated on %(at)s (art. 15 GDPR). The attached JSON file holds the same data in a "
             "machine-readable form.") % {"at": _when(export["generated_at"])}, body),
        Spacer(1, 4 * mm),
        _p(_("How we recognise you"), h2),
    ]
    for record in export["subject"]["records"]:
        name = record["display_name"] or record["username"] or "—"
        story.append(_p(_("Record %(id)s: %(name)s, first contact %(at)s") % {
            "id": record["id"], "name": name, "at": _when(record["created_at"])}, body))
        for identity in record["identities"]:
            story.append(_p(f"• {identity['kind']}: {identity['value']}", body))
    story.append(_p(_("Your conversations"), h2))
    for conversation in export["conversations"]:
        story.append(_p(_("%(channel)s, opened on %(at)s") % {
            "channel": conversation["channel_label"], "at": _when(conversation["created_at"])}, h3))
        for message in conversation["messages"]:
            who = _("You") if message["direction"] == "in" else _("Office")
            text = message["text"][:TEXT_LIMIT] or f"[{message['kind']}]"
            files = ", ".join(a["filename"] or a["mime_type"] for a in message["attachments"])
            story.append(_p(f"{_when(message['sent_at'])} · {who}: {text}" + (f" ({files})" if files else ""), body))
    story.append(_p(_("Other data we hold about you"), h2))
    for section in export["data"].values():
        if not section["rows"]:
            continue
        story.append(_p(f"{section['name']} ({len(section['rows'])})", h3))
        story.append(_p(_("Purpose: %(purpose)s. Legal basis: %(basis)s.") % {
            "purpose": section["purpose"], "basis": section["legal_basis"]}, small))
        for row in section["rows"][:200]:
            story.append(_p("; ".join(f"{k}: {v}" for k, v in row.items() if v not in (None, "", [], {})), small))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_("Personal data"), leftMargin=18 * mm, rightMargin=18 * mm).build(story)
    return buffer.getvalue()
