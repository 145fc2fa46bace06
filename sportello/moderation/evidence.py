"""Evidence bundles for the authorities, and their verification.

A bundle is a ZIP that shows what was received, when, from whom, and what the office did:

    report.pdf          the readable report (sender's full identity, messages, verdicts, decisions, how to verify)
    messages.json       the same messages as data: texts, times, edits, screening verdicts, reviews, strikes
    citizens.json       the senders, with their identifiers in clear (the one place Sportello discloses them)
    audit.json          every audit entry about these messages, their conversations and their senders
    events/<id>.json    the webhook bodies exactly as received (decrypted InboundEvent.body), byte for byte
    media/…             the original media files as downloaded
    manifest.json       every file above with its SHA-256 and size, and who exported the bundle, when and why
    SHA256SUMS          the same hashes for `sha256sum -c SHA256SUMS`

`verify_bundle()` (and `sportello manage verify_evidence bundle.zip`) recompute the hashes. The office keeps the
manifest's own SHA-256 in `EvidenceExport` and in the audit log, so a manifest rewritten to match tampered files
is caught too. Exporting is an audited action reserved to moderators, with a stated reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.citizens.models import Citizen
from sportello.conversations.models import InboundEvent, Message
from sportello.core.audit import audit
from sportello.core.models import AuditEntry
from sportello.moderation.models import EvidenceExport, Review, Screening, Strike
from sportello.moderation.services import ModerationError

FORMAT = "sportello-evidence-v1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


@dataclass
class Bundle:
    content: bytes
    filename: str
    export: EvidenceExport
    manifest_sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "file"


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str).encode()


def export_bundle(
    *, actor: Any, reason: str, citizen: Citizen | None = None, messages: list[Message] | None = None
) -> Bundle:
    """Build the bundle for a citizen (all their conversations) or for chosen messages; record and audit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indicare il motivo dell'esportazione (per esempio il riferimento della denuncia)."))
    if citizen is None and not messages:
        raise ModerationError(_("Scegliere un cittadino o dei messaggi."))
    if citizen is not None:
        selected = Message.objects.filter(conversation__citizen=citizen)
        if messages:
            selected = selected.filter(pk__in=[m.pk for m in messages])
    else:
        selected = Message.objects.filter(pk__in=[m.pk for m in messages or []])
    selected = selected.exclude(direction=Message.Direction.NOTE).select_related(
        "conversation", "conversation__citizen", "conversation__account", "municipality", "author"
    ).prefetch_related("attachments").order_by("sent_at", "id")
    rows = list(selected)
    municipalities = {m.municipality_id for m in rows} | ({citizen.municipality_id} if citizen else set())
    if len(municipalities) != 1:
        raise ModerationError(_("Un fascicolo riguarda un solo comune."))
    municipality = rows[0].municipality if rows else citizen.municipality  # type: ignore[union-attr]
    citizens = list(
        Citizen.objects.filter(pk__in={m.conversation.citizen_id for m in rows} | ({citizen.pk} if citizen else set()))
        .prefetch_related("identities")
    )
    with transaction.atomic():
        export = EvidenceExport.objects.create(
            municipality=municipality, created_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason, citizen=citizen, message_ids=[m.pk for m in rows],
        )
        files, manifest = _build(export, municipality, citizens, rows, actor, reason)
        manifest_bytes = _json(manifest)
        content = _zip(files, manifest_bytes)
        export.manifest_sha256 = sha256(manifest_bytes)
        export.bundle_sha256 = sha256(content)
        export.save(update_fields=["manifest_sha256", "bundle_sha256"])
        audit(
            "moderation.evidence_exported", actor=actor, municipality=municipality, target=citizen or export,
            reason=reason, export=export.pk, messages=export.message_ids, manifest_sha256=export.manifest_sha256,
            bundle_sha256=export.bundle_sha256,
        )
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M%S")
    return Bundle(content, f"prove-{municipality.slug}-{export.pk}-{stamp}.zip", export, export.manifest_sha256)


def _build(
    export: EvidenceExport, municipality: Any, citizens: list[Citizen], rows: list[Message], actor: Any, reason: str
) -> tuple[dict[str, bytes], dict[str, Any]]:
    files: dict[str, bytes] = {}
    descriptions: dict[str, str] = {}
    ids = [m.pk for m in rows]
    screenings = {s.message_id: s for s in Screening.objects.filter(message_id__in=ids).prefetch_related("findings")}
    reviews = {r.message_id: r for r in Review.objects.filter(message_id__in=ids).select_related("decided_by")}
    strikes = {s.message_id: s for s in Strike.objects.filter(message_id__in=ids)}

    events: dict[int, InboundEvent] = {
        e.pk: e for e in InboundEvent.objects.filter(pk__in={m.inbound_event_id for m in rows if m.inbound_event_id})
    }
    for event in events.values():
        path = f"events/{event.pk}.json"
        files[path] = bytes(event.body)
        descriptions[path] = _("corpo del webhook ricevuto il %(at)s, così come è arrivato") % {
            "at": _iso(event.received_at)
        }

    message_data = []
    for m in rows:
        attachments = []
        for a in m.attachments.all():
            item: dict[str, Any] = {
                "id": a.pk, "kind": a.kind, "filename": a.filename, "mime_type": a.mime_type, "size": a.size,
                "sha256": a.sha256, "declared_sha256": a.declared_sha256, "state": a.state, "path": None,
            }
            if a.file:
                with a.file.open("rb") as handle:
                    data = handle.read()
                path = f"media/{m.pk}-{a.pk}-{_safe(a.filename or Path(a.file.name).name)}"
                files[path] = data
                descriptions[path] = _("allegato del messaggio %(id)s") % {"id": m.pk}
                item["path"] = path
                item["sha256_in_bundle"] = sha256(data)
            attachments.append(item)
        screening, review, strike = screenings.get(m.pk), reviews.get(m.pk), strikes.get(m.pk)
        message_data.append({
            "id": m.pk, "conversation": m.conversation_id, "citizen": m.conversation.citizen_id,
            "direction": m.direction, "kind": m.kind, "text": m.text,
            "sent_at": _iso(m.sent_at), "stored_at": _iso(m.created_at),
            "edited_at": _iso(m.edited_at), "edits": m.payload.get("edits", []), "revoked_at": _iso(m.revoked_at),
            "forwarded": m.forwarded, "channel_message_id": m.external_id,
            "status": m.status, "author": m.author.get_username() if m.author else None,
            "hidden_at": _iso(m.hidden_at), "hidden_reason": m.hidden_reason,
            "inbound_event": m.inbound_event_id,
            "inbound_event_path": f"events/{m.inbound_event_id}.json" if m.inbound_event_id in events else None,
            "attachments": attachments,
            "screening": {
                "at": _iso(screening.created_at), "flagged": screening.flagged, "categories": screening.categories,
                "findings": [
                    {"part": f.part, "category": f.category, "score": f.score, "flagged": f.flagged,
                     "evidence": f.evidence}
                    for f in screening.findings.all()
                ],
            } if screening else None,
            "review": {
                "origin": review.origin, "state": review.state, "categories": review.categories,
                "created_at": _iso(review.created_at), "decided_at": _iso(review.decided_at),
                "decided_by": review.decided_by.get_username() if review.decided_by else None,
                "reason": review.decision_reason,
            } if review else None,
            "strike": {"at": _iso(strike.created_at), "revoked_at": _iso(strike.revoked_at)} if strike else None,
        })

    citizen_data = [
        {
            "id": c.pk, "display_name": c.display_name, "username": c.username, "first_contact": _iso(c.created_at),
            "last_seen": _iso(c.last_seen_at), "blocked_at": _iso(c.blocked_at), "blocked_reason": c.blocked_reason,
            "identifiers": [
                {"kind": i.kind, "value": i.value, "active": i.active, "since": _iso(i.created_at),
                 "retired_at": _iso(i.retired_at)}
                for i in c.identities.all().order_by("created_at")
            ],
        }
        for c in citizens
    ]
    conversations = {m.conversation_id for m in rows}
    entries = AuditEntry.objects.filter(
        Q(target_type="conversations.message", target_id__in=[str(i) for i in ids])
        | Q(target_type="conversations.conversation", target_id__in=[str(i) for i in conversations])
        | Q(target_type="citizens.citizen", target_id__in=[str(c.pk) for c in citizens])
    ).select_related("actor").order_by("created_at", "id")
    audit_data = [
        {"at": _iso(e.created_at), "action": e.action, "actor": e.actor_label, "target": f"{e.target_type}:{e.target_id}",
         "details": e.data}
        for e in entries
    ]
    files["messages.json"] = _json(message_data)
    descriptions["messages.json"] = _("i messaggi, i controlli automatici e le decisioni, come dati")
    files["citizens.json"] = _json(citizen_data)
    descriptions["citizens.json"] = _("i mittenti e i loro identificativi in chiaro")
    files["audit.json"] = _json(audit_data)
    descriptions["audit.json"] = _("il registro delle attività dell'ufficio su questi messaggi e mittenti")

    header = {
        "format": FORMAT, "export": export.pk, "generated_at": _iso(export.created_at),
        "generated_by": actor.get_username() if getattr(actor, "is_authenticated", False) else "system",
        "reason": reason,
        "municipality": {"slug": municipality.slug, "name": municipality.name, "office": municipality.office_name},
        "messages": ids, "citizens": [c.pk for c in citizens], "events": sorted(events),
    }
    from sportello.moderation.report import render_report

    files["report.pdf"] = render_report(header, citizen_data, message_data, audit_data, events, files)
    descriptions["report.pdf"] = _("il rapporto leggibile")
    manifest = {
        **header,
        "files": [
            {"path": path, "sha256": sha256(data), "size": len(data), "description": str(descriptions.get(path, ""))}
            for path, data in sorted(files.items())
        ],
    }
    return files, manifest


def _zip(files: dict[str, bytes], manifest: bytes) -> bytes:
    buffer = io.BytesIO()
    sums = "".join(f"{sha256(data)}  {path}\n" for path, data in sorted(files.items())).encode()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
        archive.writestr(MANIFEST, manifest)
        archive.writestr(SUMS, sums)
    return buffer.getvalue()


# --- verification (standard library only: it must run anywhere) ---------------------------------------------------


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    manifest_sha256: str = ""
    export: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(source: bytes | str | Path, *, expected_manifest_sha256: str = "") -> Verification:
    """Recompute every file's SHA-256 against the manifest; report missing, altered and unlisted files."""
    result = Verification()
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        result.problems.append("not a ZIP file")
        return result
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            result.problems.append(f"{MANIFEST} missing")
            return result
        manifest_bytes = archive.read(MANIFEST)
        result.manifest_sha256 = sha256(manifest_bytes)
        if expected_manifest_sha256 and expected_manifest_sha256 != result.manifest_sha256:
            result.problems.append("manifest.json differs from the one the office recorded")
        try:
            manifest = json.loads(manifest_bytes)
            listed = {f["path"]: f for f in manifest["files"]}
        except (ValueError, KeyError, TypeError):
            result.problems.append("manifest.json is not a valid manifest")
            return result
        result.export = manifest.get("export")
        if manifest.get("format") != FORMAT:
            result.problems.append(f"unknown format {manifest.get('format')!r}")
        for path, entry in sorted(listed.items()):
            if path not in names:
                result.problems.append(f"{path}: missing")
                continue
            content = archive.read(path)
            result.checked += 1
            if sha256(content) != entry.get("sha256"):
                result.problems.append(f"{path}: SHA-256 does not match")
            elif len(content) != entry.get("size"):
                result.problems.append(f"{path}: size does not match")
        for path in sorted(names - set(listed) - {MANIFEST, SUMS}):
            result.problems.append(f"{path}: not listed in the manifest")
        if SUMS in names:
            sums = {}
            for line in archive.read(SUMS).decode(errors="replace").splitlines():
                digest, _sep, path = line.partition("  ")
                sums[path] = digest
            if sums != {path: entry.get("sha256") for path, entry in listed.items()}:
                result.problems.append(f"{SUMS} does not agree with the manifest")
    return result
