""""Collega a un altro cittadino": search (exact phone, e-mail or case reference), confirm, link; undo.

Never automatic and never by name: an operator searches by an exact identifier, sees both records masked, and
confirms. Everything stays inside the conversation's municipality (another town's citizen is never found, and
its ids answer 404). The services are `citizens.links.link` / `unlink`, which audit.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.citizens import links
from sportello.citizens.identity import index_for
from sportello.citizens.models import Citizen, CitizenLink, Identity
from sportello.citizens.phones import InvalidPhoneNumber, normalize_phone
from sportello.console import queries
from sportello.conversations.models import Conversation
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership

operator_required = roles.role_required(StaffMembership.Role.OPERATOR)

REFERENCE = re.compile(r"^[A-Za-z]+-\d{4}-\d+$")
OTHER_CONVERSATIONS = 20


def _search(municipality: Any, query: str) -> tuple[str, list[Citizen]]:
    """(what the query was read as, the citizens it finds exactly). Never a partial match, never a name."""
    query = query.strip()
    if not query:
        return "", []
    if REFERENCE.match(query):
        from sportello.cases.models import Case

        ids = Case.objects.filter(municipality=municipality, reference__iexact=query, citizen__isnull=False)
        return "reference", list(Citizen.objects.filter(pk__in=ids.values("citizen_id")))
    if "@" in query:
        kind, value = Identity.Kind.EMAIL, query.lower()
    else:
        try:
            kind, value = Identity.Kind.PHONE, normalize_phone(query)
        except InvalidPhoneNumber:
            return "invalid", []
    found = Identity.objects.filter(municipality=municipality, kind=kind, value_index=index_for(kind, value))
    return str(kind), list(Citizen.objects.filter(pk__in=found.values("citizen_id")))


def _described(citizen: Citizen, user: Any) -> dict[str, Any]:
    """A citizen record as the confirmation shows it: name, masked identifiers, its conversations' channels."""
    conversations = list(
        queries.scoped_conversations(user).filter(citizen=citizen).select_related("account")
        .order_by("-last_message_at", "-id")[:OTHER_CONVERSATIONS]
    )
    return {
        "citizen": citizen,
        "identities": [i for i in citizen.identities.all() if i.active],
        "conversations": conversations,
    }


def _candidate_or_404(conversation: Conversation, citizen_id: int) -> Citizen:
    citizen = (
        Citizen.objects.filter(pk=citizen_id, municipality_id=conversation.municipality_id)
        .prefetch_related("identities").first()
    )
    if citizen is None or citizen.pk == conversation.citizen_id:
        raise Http404
    return citizen


@operator_required
def search(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = queries.conversation_or_404(request.user, pk)
    query = request.GET.get("q", "")[:200]
    read_as, found = _search(conversation.municipality, query)
    already = links.linked_ids(conversation.citizen)
    results = [
        {**_described(c, request.user), "linked": c.pk in already}
        for c in found if c.pk != conversation.citizen_id
    ]
    if read_as:
        # The identifier itself is never logged: only how it was read and how many records it found.
        audit("citizen.searched", actor=request.user, municipality=conversation.municipality, target=conversation,
              by=read_as, found=len(results))
    return render(request, "console/link_search.html", {
        "conversation": conversation, "query": query, "read_as": read_as, "results": results,
    })


@operator_required
def confirm(request: HttpRequest, pk: int, citizen_id: int) -> HttpResponse:
    conversation = queries.conversation_or_404(request.user, pk)
    other = _candidate_or_404(conversation, citizen_id)
    if request.method == "POST":
        try:
            links.link(conversation.citizen, other, request.user)
        except links.LinkError as error:
            flash.error(request, error.message)
        else:
            flash.success(request, _("Cittadini collegati: le conversazioni dell'uno si vedono dall'altro."))
        return redirect("console:conversation", pk=conversation.pk)
    audit("citizen.viewed", actor=request.user, municipality=conversation.municipality, target=other,
          purpose="link")
    return render(request, "console/link_confirm.html", {
        "conversation": conversation,
        "this": _described(conversation.citizen, request.user),
        "other": _described(other, request.user),
        "already": other.pk in links.linked_ids(conversation.citizen),
    })


@operator_required
@require_POST
def undo(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    conversation = queries.conversation_or_404(request.user, pk)
    citizen_link = CitizenLink.objects.filter(
        pk=link_id, municipality_id=conversation.municipality_id, undone_at__isnull=True,
    ).first()
    group = links.linked_ids(conversation.citizen) | {conversation.citizen_id}
    if citizen_link is None or citizen_link.a_id not in group:
        raise Http404
    try:
        links.unlink(citizen_link, request.user)
    except links.LinkError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("Collegamento annullato."))
    return redirect("console:conversation", pk=conversation.pk)


def panel(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    """Side panel: the person's other records and their conversations on every channel, with undo."""
    citizen = conversation.citizen
    other_ids = links.linked_ids(citizen)
    direct = {link.other(citizen.pk): link for link in links.links_of(citizen)}
    others = []
    if other_ids:
        for other in Citizen.objects.filter(pk__in=other_ids).prefetch_related("identities").order_by("pk"):
            described = _described(other, request.user)
            described["link"] = direct.get(other.pk)
            others.append(described)
    return {"linked": others}
