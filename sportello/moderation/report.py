"""The readable part of an evidence bundle: a PDF report (reportlab), in Italian through gettext."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

PDF_TEXT_LIMIT = 1500
STATES = {"pending": "da esaminare", "confirmed": "violazione confermata", "restored": "ripristinato"}


def _when(value: str | None) -> str:
    if not value:
        return "—"
    return datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M:%S")


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    # Paragraph speaks a small XML dialect: citizens' text is escaped, line breaks kept.
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def render_report(
    header: dict[str, Any], citizens: list[dict[str, Any]], messages: list[dict[str, Any]],
    audit_entries: list[dict[str, Any]], events: dict[int, Any], files: dict[str, bytes],
) -> bytes:
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], ParagraphStyle("small", parent=styles["BodyText"], fontSize=8, leading=10)
    h1, h2 = styles["Title"], styles["Heading2"]
    story: list[Any] = []
    town = header["municipality"]
    story.append(_p(_("Fascicolo di prove n. %(id)s") % {"id": header["export"]}, h1))
    story.append(_p(f"{town['name']} · {town['office']}", body))
    story.append(_p(_("Generato il %(at)s da %(who)s.") % {
        "at": _when(header["generated_at"]), "who": header["generated_by"]}, body))
    story.append(_p(_("Motivo dell'esportazione: %(reason)s") % {"reason": header["reason"]}, body))
    story.append(Spacer(1, 4 * mm))

    story.append(_p(_("Mittente"), h2))
    for citizen in citizens:
        lines = [
            _("Nome del profilo: %(v)s") % {"v": citizen["display_name"] or "—"},
            _("Primo contatto: %(v)s") % {"v": _when(citizen["first_contact"])},
        ]
        for ident in citizen["identifiers"]:
            state = _("attivo") if ident["active"] else _("dismesso il %(at)s") % {"at": _when(ident["retired_at"])}
            lines.append(f"{ident['kind']}: {ident['value']} ({state})")
        if citizen["blocked_at"]:
            lines.append(_("Bloccato il %(at)s: %(reason)s") % {
                "at": _when(citizen["blocked_at"]), "reason": citizen["blocked_reason"]})
        for line in lines:
            story.append(_p(line, body))
        story.append(Spacer(1, 2 * mm))

    story.append(_p(_("Messaggi"), h2))
    table = [[_p(h, small) for h in (_("n."), _("inviato / registrato"), _("direzione"), _("testo"), _("esito"))]]
    for m in messages:
        outcome = []
        if m["screening"] and m["screening"]["categories"]:
            outcome.append(_("controllo automatico: %(c)s") % {"c": ", ".join(m["screening"]["categories"])})
        if m["hidden_at"]:
            outcome.append(_("nascosto il %(at)s") % {"at": _when(m["hidden_at"])})
        if m["review"]:
            outcome.append(_("revisione: %(s)s") % {"s": STATES.get(m["review"]["state"], m["review"]["state"])})
        if m["strike"]:
            outcome.append(_("violazione conteggiata") + (f" ({_('annullata')})" if m["strike"]["revoked_at"] else ""))
        text = m["text"] or f"[{m['kind']}]"
        if len(text) > PDF_TEXT_LIMIT:  # a table row cannot be taller than a page; the data file has it all
            text = text[:PDF_TEXT_LIMIT] + " […] " + _("(testo completo in messages.json)")
        for a in m["attachments"]:
            text += f"\n[{a['kind']}: {a['filename'] or a['path'] or a['id']} · SHA-256 {a.get('sha256_in_bundle') or a['sha256'] or '—'}]"
        for edit in m["edits"]:
            text += "\n" + _("(testo precedente: %(t)s)") % {"t": edit.get("text", "")}
        table.append([
            _p(m["id"], small),
            _p(f"{_when(m['sent_at'])}\n{_when(m['stored_at'])}", small),
            _p(_("ricevuto") if m["direction"] == "in" else _("inviato"), small),
            _p(text, small),
            _p("\n".join(outcome) or "—", small),
        ])
    grid = LongTable(table, colWidths=[12 * mm, 32 * mm, 18 * mm, 78 * mm, 40 * mm], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]))
    story.append(grid)

    story.append(_p(_("Eventi originali ricevuti dal canale"), h2))
    if not events:
        story.append(_p(_("Nessuno."), body))
    for event_id, event in sorted(events.items()):
        path = f"events/{event_id}.json"
        digest = hashlib.sha256(files[path]).hexdigest() if path in files else "—"
        story.append(_p(_("Evento %(id)s, ricevuto il %(at)s: %(path)s, SHA-256 %(sha)s") % {
            "id": event_id, "at": event.received_at.strftime("%d/%m/%Y %H:%M:%S"), "path": path, "sha": digest}, small))

    story.append(_p(_("Decisioni e attività dell'ufficio"), h2))
    rows = [[_p(h, small) for h in (_("quando"), _("chi"), _("azione"), _("dettagli"))]]
    for entry in audit_entries:
        details = entry["details"] or {}
        shown = {k: v for k, v in details.items() if k in {"reason", "categories", "automatic", "strikes", "kind"}}
        rows.append([
            _p(_when(entry["at"]), small), _p(entry["actor"], small), _p(entry["action"], small),
            _p("; ".join(f"{k}: {v}" for k, v in shown.items()), small),
        ])
    log = LongTable(rows, colWidths=[32 * mm, 30 * mm, 45 * mm, 73 * mm], repeatRows=1)
    log.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]))
    story.append(log)

    story.append(_p(_("Come verificare il fascicolo"), h2))
    story.append(_p(_(
        "Ogni file del fascicolo è elencato in manifest.json con la sua impronta SHA-256 e la sua dimensione; le stesse "
        "impronte sono in SHA256SUMS (verificabili con «sha256sum -c SHA256SUMS»). Il comando «sportello manage "
        "verify_evidence fascicolo.zip» ricalcola tutte le impronte. L'impronta di manifest.json è conservata "
        "dall'ufficio nel registro delle attività (esportazione n. %(id)s) e permette di accertare che il manifest "
        "stesso non sia stato modificato. I file in events/ sono i corpi degli eventi così come ricevuti dal canale "
        "(per esempio i webhook); "
        "un corpo può contenere anche altri aggiornamenti arrivati nello stesso invio."
    ) % {"id": header["export"]}, body))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=_("Fascicolo di prove n. %(id)s") % {"id": header["export"]}, author=town["name"],
    )
    doc.build(story)
    return buffer.getvalue()
