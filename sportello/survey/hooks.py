"""Where the survey starts: an operator closed a conversation, or a case was resolved. The invitation goes after
the closing transaction commits, in its own transaction: a survey problem never undoes a close."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from sportello.cases.signals import case_state_changed
from sportello.conversations.signals import conversation_state_changed
from sportello.core.scoping import scopes_disabled

logger = logging.getLogger(__name__)


@receiver(conversation_state_changed, dispatch_uid="survey.conversation_closed")
def on_conversation_state(sender: Any, conversation: Any, old_state: str, new_state: str, actor: Any,
                          **kwargs: Any) -> None:
    if new_state == "closed" and old_state != "closed":
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        transaction.on_commit(lambda: invite_later(conversation.pk, "conversation_closed", actor_id, None))


@receiver(case_state_changed, dispatch_uid="survey.case_resolved")
def on_case_state(sender: Any, case: Any, old_state: str, new_state: str, actor: Any, **kwargs: Any) -> None:
    if new_state == "resolved" and case.conversation_id:
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        transaction.on_commit(lambda: invite_later(case.conversation_id, "case_resolved", actor_id, case.pk))


def invite_later(conversation_id: int, trigger: str, actor_id: int | None, case_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    from sportello.cases.models import Case
    from sportello.conversations.models import Conversation
    from sportello.survey.services import invite

    try:
        with scopes_disabled(), transaction.atomic():
            conversation = Conversation.objects.select_related("account", "citizen", "municipality").get(
                pk=conversation_id
            )
            actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
            case = Case.objects.select_related("department", "assigned_to").filter(pk=case_id).first() if case_id else None
            invite(conversation, trigger, actor=actor, case=case)
    except Exception:
        logger.exception("survey invitation for conversation %s failed", conversation_id)
