"""What operators do to a conversation, as plain functions the views (and anyone else) call.

Each writes the audit log and publishes a real-time event on commit, like the conversations services do.
Sending goes through conversations.outbound; this module adds the console's own rules on top (idempotency,
notes, assignment, closing), never a second path to the citizen.
"""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sportello.connectors.base import MessageKind, TemplateOption
from sportello.console.models import CannedReply, ComposerSubmission
from sportello.conversations import outbound
from sportello.conversations.channel import template_options
from sportello.conversations.models import Conversation, Message
from sportello.conversations.signals import conversation_state_changed
from sportello.core import events
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership

User = get_user_model()


def send_once(key: str, user: Any, conversation: Conversation, send: Any) -> tuple[Message, bool]:
    """Run `send()` (which queues one message) at most once per composer key; returns (message, sent_now).

    The key is taken in the same transaction as the message, so a refused send (window closed) frees it for
    another try, and two submissions of one form never both reach the citizen.
    """
    if not key or len(key) > 64:
        raise ValidationError(_("Modulo non valido: ricarica la pagina."))
    existing = ComposerSubmission.objects.filter(key=key).select_related("message").first()
    if existing is not None and existing.message is not None:
        return existing.message, False
    try:
        with transaction.atomic():
            submission = ComposerSubmission.objects.create(key=key, user=user, conversation=conversation)
            message = send()
            submission.message = message
            submission.save(update_fields=["message"])
    except IntegrityError:
        existing = ComposerSubmission.objects.filter(key=key).select_related("message").first()
        if existing is None or existing.message is None:
            raise
        return existing.message, False
    return message, True


def add_note(conversation: Conversation, text: str, author: Any) -> Message:
    """An internal note: stored in the conversation for staff, never sent to the citizen."""
    text = text.strip()
    if not text:
        raise ValidationError(_("La nota è vuota."))
    with transaction.atomic():
        note = Message.objects.create(
            municipality_id=conversation.municipality_id, conversation=conversation,
            direction=Message.Direction.NOTE, kind=MessageKind.TEXT, text=text, author=author,
            status=Message.Status.RECEIVED,
        )
        audit("conversation.note_added", actor=author, municipality=conversation.municipality, target=note)
        events.publish_on_commit(
            conversation.municipality_id, "message.created", {"conversation": conversation.pk, "message": note.pk}
        )
    return note


def assignable_staff(conversation: Conversation) -> QuerySet[Any]:
    return (
        User.objects.filter(is_active=True, memberships__municipality_id=conversation.municipality_id)
        .distinct().order_by("first_name", "last_name", "username")
    )


def assign(conversation: Conversation, assignee: Any | None, actor: Any) -> Conversation:
    """Assign to self or a colleague. Operators may take an unassigned conversation or hand on their own;
    supervisors reassign anything."""
    if assignee is not None and not roles.has_role(assignee, conversation.municipality_id, StaffMembership.Role.OPERATOR):
        raise ValidationError(_("Questa persona non lavora per il comune della conversazione."))
    is_supervisor = roles.has_role(actor, conversation.municipality_id, StaffMembership.Role.SUPERVISOR)
    if not (is_supervisor or conversation.assigned_to_id in (None, actor.pk)):
        raise PermissionDenied(_("Solo un supervisore può riassegnare una conversazione di un collega."))
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(assigned_to=assignee)
        conversation.assigned_to = assignee
        audit(
            "conversation.assigned", actor=actor, municipality=conversation.municipality, target=conversation,
            assignee=assignee.get_username() if assignee else None,
        )
        events.publish_on_commit(
            conversation.municipality_id, "conversation.assigned",
            {"conversation": conversation.pk, "assignee": assignee.pk if assignee else None},
        )
    return conversation


def set_state(conversation: Conversation, state: str, actor: Any) -> Conversation:
    """Close or reopen. Closing clears the waiting time: nobody is waiting for a closed conversation."""
    if state not in Conversation.State.values:
        raise ValidationError(_("Stato non valido."))
    old_state = conversation.state
    updates: dict[str, Any] = {"state": state}
    if state == Conversation.State.CLOSED:
        updates["waiting_since"] = None
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
        for field, value in updates.items():
            setattr(conversation, field, value)
        audit(f"conversation.{'closed' if state == 'closed' else 'reopened'}", actor=actor,
              municipality=conversation.municipality, target=conversation)
        events.publish_on_commit(conversation.municipality_id, "conversation.state",
                                 {"conversation": conversation.pk, "state": state})
        conversation_state_changed.send(Conversation, conversation=conversation, old_state=old_state,
                                        new_state=state, actor=actor)
    return conversation


def publish_presence(conversation: Conversation, user: Any, leaving: bool = False) -> None:
    """'Anna sta guardando': not stored, only pushed to the other consoles."""
    name = user.get_full_name() or user.get_username()
    events.publish(conversation.municipality_id, "presence",
                   {"conversation": conversation.pk, "user": user.pk, "name": name, "left": leaving,
                    "at": timezone.now().isoformat()})


# What a canned reply may say in braces, and what each means (the settings page lists them; the form refuses others).
CANNED_VARIABLES = {
    "nome": gettext_lazy("il nome del cittadino"),
    "nome_completo": gettext_lazy("nome e cognome del cittadino"),
    "comune": gettext_lazy("il nome del Comune"),
    "ufficio": gettext_lazy("il nome dell'ufficio"),
    "orari": gettext_lazy("gli orari d'apertura"),
    "telefono": gettext_lazy("il telefono del Comune"),
    "email": gettext_lazy("l'e-mail del Comune"),
    "sito": gettext_lazy("il sito del Comune"),
    "operatore": gettext_lazy("il nome dell'operatore che risponde"),
}
PREVIEW_CITIZEN = "Maria Rossi"  # the preview's citizen: a name, never a real one


def canned_variables(conversation: Conversation, user: Any) -> dict[str, str]:
    return _variables(conversation.municipality, conversation.citizen.display_name, user)


def _variables(municipality: Any, citizen_name: str, user: Any) -> dict[str, str]:
    return {
        "nome": citizen_name.split(" ")[0] if citizen_name else "",
        "nome_completo": citizen_name,
        "comune": municipality.name,
        "ufficio": municipality.office_name,
        "orari": _office_hours(municipality),
        "telefono": municipality.phone,
        "email": municipality.email,
        "sito": municipality.website,
        "operatore": (user.first_name or user.get_username()) if user else "",
    }


def canned_problems(body: str) -> list[str]:
    """Why a canned reply's text cannot be filled in: braces that name no variable, or an unknown one."""
    try:
        parts = list(string.Formatter().parse(body))
    except ValueError:
        return [_("Una parentesi graffa è aperta o chiusa da sola: scriva la variabile per intero, come {nome}.")]
    unknown = [
        "{" + (name or "") + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        for _text, name, spec, conversion in parts
        if name is not None and (name not in CANNED_VARIABLES or spec or conversion)
    ]
    if not unknown:
        return []
    return [_("Variabili sconosciute: %(names)s. Può usare %(known)s.") % {
        "names": ", ".join(dict.fromkeys(unknown)), "known": ", ".join("{" + v + "}" for v in CANNED_VARIABLES)}]


def preview_canned(body: str, municipality: Any, user: Any) -> str:
    """The text as an operator would insert it, for a citizen called Maria Rossi."""
    return body.format_map(_Blank(_variables(municipality, PREVIEW_CITIZEN, user)))


def _office_hours(municipality: Any) -> str:
    """«lunedì: 9:00–12:00; martedì: …» from the policies app's schedule, or "" when none is configured."""
    try:
        from sportello.policies.hours import describe_week
        from sportello.policies.services import policy_for, schedule_for
    except ImportError:
        return ""
    policy = policy_for(municipality)
    return "; ".join(describe_week(schedule_for(policy))) if policy is not None else ""


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def expand_canned(reply: CannedReply, conversation: Conversation, user: Any) -> str:
    """The reply's text with its variables filled; unknown {names} are left as written for the operator to see."""
    return reply.body.format_map(_Blank(canned_variables(conversation, user)))


def templates_for(conversation: Conversation) -> list[TemplateOption]:
    """The templates the conversation's channel accepts instead of free text ([] on channels without any)."""
    return template_options(conversation)


def template_for(conversation: Conversation, key: str) -> TemplateOption | None:
    return next((t for t in templates_for(conversation) if t.key == key), None) if key else None


def send_template(conversation: Conversation, template: TemplateOption, parameters: list[str], author: Any) -> Message:
    if template_for(conversation, template.key) is None:
        raise ValidationError(_("Questo modello non è approvato per questo canale."))
    parameters = [p.strip() for p in parameters[: template.parameter_count]]
    if len(parameters) < template.parameter_count or not all(parameters):
        raise ValidationError(_("Compila tutti i campi del modello."))
    return outbound.queue_template(
        conversation, template.name, template.language, parameters, author=author, text=template.render(parameters),
    )
