"""GET /notifiche/: what the open console needs to tell its user about new citizen messages.

The event stream carries only ids and is fanned out per municipality; this scoped view decides what this user may
see (department staff: their departments' conversations only) and returns the tab-title counter and the inbound
messages after `dopo` for desktop notifications. Names only, never message text: a desktop notification shows on
a screen others may see.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sportello.console import queries
from sportello.conversations.channel import label as channel_label
from sportello.conversations.models import Conversation, Message
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership

NEW_LIMIT = 5


def _queue(user: object) -> QuerySet[Conversation]:
    return queries.scoped_conversations(user).filter(state=Conversation.State.OPEN, citizen__blocked_at__isnull=True)


@roles.role_required(StaffMembership.Role.OPERATOR)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    queue = _queue(request.user)
    unread = queue.filter(unread_count__gt=0).count()
    inbound = queries.visible_messages().filter(
        conversation__in=queue, direction=Message.Direction.INBOUND
    ).exclude(kind__in=queries.SIDE_KINDS)
    raw_after = request.GET.get("dopo", "")
    if not raw_after.isdigit():  # first call: where to start, nothing to announce
        last = inbound.order_by("-pk").values_list("pk", flat=True).first() or 0
        return JsonResponse({"unread": unread, "last": last, "new": []})
    fresh = list(
        inbound.filter(pk__gt=int(raw_after)).select_related("conversation__citizen", "conversation__account")
        .order_by("-pk")[:NEW_LIMIT]
    )
    items = []
    for message in reversed(fresh):
        conversation = message.conversation
        citizen = conversation.citizen
        items.append({
            "message": message.pk,
            "conversation": conversation.pk,
            "title": citizen.display_name or citizen.masked_label,
            "body": _("Nuovo messaggio su %(channel)s") % {"channel": channel_label(conversation.account)},
            "url": reverse("console:conversation", args=[conversation.pk]),
        })
    if items:
        audit("conversation.notified", actor=request.user, path=request.path,
              conversations=sorted({i["conversation"] for i in items}))
    last = max([int(raw_after), *(m.pk for m in fresh)])
    return JsonResponse({"unread": unread, "last": last, "new": items})
