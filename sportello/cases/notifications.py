"""Telling people about cases: the department by e-mail, the citizen on their channel.

The citizen gets free text when their channel accepts it, and an approved template (parameter: the reference)
when the channel says a template may go instead (a closed reply window). A failure is recorded on the case's
history, where staff see it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sportello.cases import conf
from sportello.cases.models import Case, CaseEvent
from sportello.connectors.base import MessageKind
from sportello.conversations import outbound

log = logging.getLogger("sportello.cases")


def department_recipients(case: Case) -> list[str]:
    department = case.department
    addresses = [department.email] if department.email else []
    addresses += [
        m.user.email for m in department.memberships.select_related("user").filter(notify=True, user__is_active=True)
        if m.user.email
    ]
    return list(dict.fromkeys(addresses))


def email_department(case_id: int) -> None:
    """Send the "new case" e-mail; runs after commit with an id (the case is re-read)."""
    case = Case.objects.select_related("department", "category", "municipality").get(pk=case_id)
    recipients = department_recipients(case)
    if not recipients:
        _record(case, "email_skipped", _("Nessun indirizzo e-mail configurato per il servizio."))
        return
    url = settings.SITE_URL + reverse("cases:detail", args=[case.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] Nuova pratica per %(department)s: %(title)s") % {
            "reference": case.reference, "department": case.department.name, "title": case.title,
        }
        lines = [
            _("È stata assegnata al vostro servizio una nuova pratica."),
            "",
            _("Protocollo: %(reference)s") % {"reference": case.reference},
            _("Oggetto: %(title)s") % {"title": case.title},
        ]
        if case.category:
            lines.append(_("Categoria: %(category)s") % {"category": case.category.name})
        if case.due_at:
            lines.append(_("Scadenza: %(due)s") % {"due": case.due_at.astimezone().strftime("%d/%m/%Y %H:%M")})
        if case.address or case.has_location:
            lines.append(_("Luogo: %(place)s") % {
                "place": case.address or f"{case.latitude:.5f}, {case.longitude:.5f}"
            })
        lines += ["", _("Apri la pratica: %(url)s") % {"url": url}]
    try:
        send_mail(subject, "\n".join(lines), conf.get("CASES_EMAIL_FROM") or None, recipients)
    except Exception as exc:  # noqa: BLE001 - SMTP down, bad address…: visible on the case, never lost
        log.warning("case %s: department e-mail failed: %s", case.reference, exc)
        _record(case, "email_failed", _("Invio dell'e-mail al servizio non riuscito: %(error)s") % {"error": exc})
        return
    _record(case, "email_sent", _("E-mail inviata al servizio."), recipients=len(recipients))


def _record(case: Case, what: str, text: str, **data: Any) -> None:
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.CITIZEN_NOTIFIED if what.startswith("citizen") else CaseEvent.Kind.NOTE,
        text=text, data={"what": what, **data}, actor_label="system",
    )


def tell_citizen(case: Case, text: str, template: str, actor: Any = None) -> str | None:
    """Send `text` to the citizen of the case, or `template` (with the reference) if the channel takes only that.

    Returns what was sent ("text", "template") or None when the case has no conversation to answer on.
    """
    conversation = case.conversation
    if conversation is None:
        return None
    try:
        outbound.queue_text(conversation, text, author=actor)
        sent = "text"
    except outbound.SendRefused as refused:
        if MessageKind.TEMPLATE not in refused.instead:
            _record(case, "citizen_failed", refused.message)
            return None
        try:
            outbound.queue_template(
                conversation, template, conf.get("CASES_TEMPLATE_LANGUAGE"), [case.reference], author=actor
            )
        except outbound.SendRefused as again:
            _record(case, "citizen_failed", again.message)
            return None
        sent = "template"
    _record(case, "citizen_" + sent, text if sent == "text" else _("Modello %(name)s inviato.") % {"name": template})
    return sent


def citizen_language(case: Case) -> str:
    citizen = case.citizen
    return (citizen.language if citizen and citizen.language else settings.LANGUAGE_CODE)[:2]


def tell_opened(case: Case, actor: Any = None) -> str | None:
    with translation.override(citizen_language(case)):
        text = _(
            "Abbiamo registrato la sua richiesta con il numero di pratica %(reference)s e l'abbiamo inoltrata "
            "al servizio competente (%(department)s). Conservi questo numero per chiederne notizie."
        ) % {"reference": case.reference, "department": case.department.name}
    return tell_citizen(case, text, conf.get("CASES_TEMPLATE_OPENED"), actor)


def tell_resolved(case: Case, actor: Any = None) -> str | None:
    with translation.override(citizen_language(case)):
        text = _("La sua pratica %(reference)s è stata risolta.") % {"reference": case.reference}
        if case.status_notes:
            text += " " + case.status_notes
        text += " " + _("Grazie per la segnalazione.")
    return tell_citizen(case, text, conf.get("CASES_TEMPLATE_RESOLVED"), actor)
