"""What the tracking page may show, and which submission an office reply answers.

A conversation on the web form groups every request sent with the same e-mail address. Whoever holds one
request's token sees that request, its state and the replies the office sent after it and before the next
request in the same conversation: never internal notes, never replies hidden by moderation, never another
request's answers (the address is not verified, so a token must not open earlier requests).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sportello.connectors.webform.models import Submission
from sportello.connectors.webform.parser import CHANNEL, ORIGINAL_TYPE
from sportello.connectors.webform.submit import token_index
from sportello.conversations.keys import message_key
from sportello.conversations.models import Conversation, Message

CASE_STATES = {
    "new": _("Presa in carico"),
    "assigned": _("Presa in carico"),
    "in_progress": _("In lavorazione"),
    "waiting": _("In attesa di Sue informazioni"),
    "resolved": _("Risolta"),
    "closed": _("Chiusa"),
}


@dataclass
class PublicState:
    code: str  # recorded, received, answered, closed, or a case state
    label: str
    case_reference: str = ""


def find_submission(token: str) -> Submission | None:
    if not token or len(token) > 100:
        return None
    return Submission.objects.select_related("webform__account__municipality").filter(
        token_index=token_index(token)
    ).first()


def message_for(submission: Submission) -> Message | None:
    return (
        Message.objects.filter(
            municipality_id=submission.municipality_id, external_key=message_key(CHANNEL, submission.reference)
        )
        .select_related("conversation")
        .first()
    )


def _next_request(message: Message) -> Message | None:
    return (
        Message.objects.filter(
            conversation_id=message.conversation_id, direction=Message.Direction.INBOUND, original_type=ORIGINAL_TYPE,
            sent_at__gt=message.sent_at,
        )
        .order_by("sent_at", "id")
        .first()
    )


def public_replies(message: Message) -> QuerySet[Message]:
    replies = Message.objects.filter(
        conversation_id=message.conversation_id,
        direction=Message.Direction.OUTBOUND,
        created_at__gte=message.created_at,
        hidden_at__isnull=True,
    ).exclude(status=Message.Status.FAILED)
    later = _next_request(message)
    if later is not None:
        replies = replies.filter(created_at__lt=later.created_at)
    return replies.prefetch_related("attachments").order_by("created_at", "id")


def public_state(message: Message | None, has_replies: bool) -> PublicState:
    if message is None:
        return PublicState("recorded", str(_("Registrata, in arrivo all'ufficio")))
    case = message.cases.order_by("-created_at").first() if hasattr(message, "cases") else None
    if case is not None:
        return PublicState(case.state, str(CASE_STATES.get(case.state, case.get_state_display())), case.reference)
    if message.conversation.state == Conversation.State.CLOSED:
        return PublicState("closed", str(_("Chiusa")))
    if has_replies:
        return PublicState("answered", str(_("Risposta inviata")))
    return PublicState("received", str(_("Ricevuta dall'ufficio")))


def submission_answered_by(reply: Message) -> Submission | None:
    """The request an outbound message answers: the latest one in its conversation sent before it."""
    request = (
        Message.objects.filter(
            conversation_id=reply.conversation_id, direction=Message.Direction.INBOUND, original_type=ORIGINAL_TYPE,
            created_at__lte=reply.created_at,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if request is None:
        return None
    return Submission.objects.filter(municipality_id=reply.municipality_id, reference=request.external_id).first()
