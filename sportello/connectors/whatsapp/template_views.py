"""The console's page of WhatsApp message templates (settings, supervisors and administrators): the registry per
number as Meta last described it, and "Synchronise now". Status comes only from Meta: nothing here sets it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.configuration.access import check_owner, settings_view
from sportello.configuration.views import back_to, base_context
from sportello.connectors.templates import PARAMETER
from sportello.connectors.whatsapp.models import MessageTemplate, WhatsAppNumber
from sportello.connectors.whatsapp.template_sync import SyncResult, sync_account
from sportello.conversations.channel import account_label


@dataclass
class Segment:
    text: str
    parameter: bool = False


def body_segments(body: str) -> list[Segment]:
    """The body split around its {{n}}, so the page can show where each parameter goes."""
    segments, last = [], 0
    for match in PARAMETER.finditer(body):
        if match.start() > last:
            segments.append(Segment(body[last : match.start()]))
        segments.append(Segment(match.group(0), parameter=True))
        last = match.end()
    if last < len(body):
        segments.append(Segment(body[last:]))
    return segments


def _registry(number: WhatsAppNumber) -> dict[str, Any]:
    rows = MessageTemplate.objects.filter(account=number.account).order_by("name", "language")
    return {
        "number": number,
        "label": account_label(number.account),
        "templates": [{"row": t, "segments": body_segments(t.body)} for t in rows],
    }


@settings_view
def templates_page(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    numbers = WhatsAppNumber.objects.select_related("account").filter(account__municipality=town).order_by("pk")
    return render(request, "whatsapp/templates_page.html", base_context(
        request, registries=[_registry(n) for n in numbers]))


@require_POST
@settings_view
def sync_now(request: HttpRequest, pk: int) -> HttpResponse:
    number = get_object_or_404(WhatsAppNumber.objects.select_related("account__municipality"), pk=pk)
    check_owner(request.user, number.account.municipality)
    result = sync_account(number.account, actor=request.user)
    number.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(request, "whatsapp/_registry.html", base_context(
            request, registry=_registry(number), outcome=_outcome(result)))
    if result.ok:
        messages.success(request, _outcome(result))
    else:
        messages.error(request, _outcome(result))
    return back_to(request, "whatsapp:templates")


def _outcome(result: SyncResult) -> str:
    if not result.ok:
        return _("Sincronizzazione non riuscita: %(error)s") % {"error": result.error}
    return _("Sincronizzazione completata: %(listed)s modelli da Meta, %(created)s nuovi, %(removed)s non più presenti.") % {
        "listed": result.listed, "created": result.created, "removed": result.removed}
