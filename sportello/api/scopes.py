"""What an API token may do. A token carries a few scopes; every endpoint needs one, decided here by path and method
so that an endpoint added later is covered without remembering a decorator:

    reports  GET …/reports/…                aggregated figures, no personal data
    privacy  …/citizens/…                   data-subject requests (export, erasure): all of one citizen's data
    read     any other GET                  conversations, cases, messages, attachments
    write    any other POST/PUT/PATCH/DELETE send messages, change cases and conversations

A token never exceeds its owner: the endpoints still check the user's role and municipalities.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

READ, WRITE, REPORTS, PRIVACY = "read", "write", "reports", "privacy"
SCOPES = {
    READ: _("lettura di conversazioni, pratiche e allegati"),
    WRITE: _("invio di messaggi e modifica di pratiche e conversazioni"),
    REPORTS: _("statistiche aggregate"),
    PRIVACY: _("richieste degli interessati (esportazione, cancellazione)"),
}
DEFAULT = (READ, WRITE)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def required(method: str, path: str) -> str:
    """The scope a request needs (path as the server saw it, e.g. /api/v1/cases/3)."""
    parts = path.strip("/").split("/")
    if "citizens" in parts:
        return PRIVACY
    if "reports" in parts and method in SAFE_METHODS:
        return REPORTS
    return READ if method in SAFE_METHODS else WRITE


def parse(text: str) -> tuple[str, ...]:
    """"read,write" → ("read", "write"); raises ValueError naming an unknown scope."""
    chosen = tuple(dict.fromkeys(s.strip() for s in text.split(",") if s.strip()))
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown or not chosen:
        raise ValueError(f"unknown scope(s) {', '.join(unknown) or '(none)'}; choose among {', '.join(SCOPES)}")
    return chosen
