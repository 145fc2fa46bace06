"""The survey's rules, once: who is invited and how, and what an answer does.

Rules (documented in docs/survey.md):
- at most one invitation per conversation (a database constraint), whatever closes or resolves it later;
- never to a blocked citizen, never while the citizen is snoozed (said no less than `snooze_days` ago);
- the channel decides the form through its connector: questions with choices where it renders them (WhatsApp list,
  Telegram inline keyboard), else a signed link; outside a reply window only the municipality's approved template;
- an answer within `answer_days` counts, a repeated one replaces the earlier score (last answer wins); later ones
  are ignored and an unanswered invitation becomes "expired"; partial answers count for the aspects they cover.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sportello.connectors.base import Choice, MessageKind, choice_question
from sportello.conversations import outbound
from sportello.conversations.channel import choice_taps, send_check, template_options
from sportello.conversations.models import Conversation
from sportello.core.audit import audit
from sportello.privacy.services import is_restricted
from sportello.survey import links, wording
from sportello.survey.models import SurveyInvitation, SurveyResponse, SurveySettings
from sportello.survey.scale import ASPECTS, SCORES, face, parse_score

logger = logging.getLogger(__name__)
State = SurveyInvitation.State
FACE_EMOJI = {"positive": "🙂", "neutral": "😐", "negative": "🙁"}
# Replies that say "no" when typed instead of tapped.
DECLINE_WORDS = frozenset({"no", "no grazie", "no, grazie", "no thanks", "no, thanks"})
OPEN_STATES = (State.SENT, State.PARTIAL)
REPLY_KEYS_KEPT = 20


@dataclass(frozen=True)
class ChatReply:
    """A reply read as a survey answer: a score for one aspect, or a refusal."""

    invitation_id: int
    aspect: str | None = None
    score: int | None = None
    decline: bool = False


def settings_for(municipality: Any) -> SurveySettings | None:
    return SurveySettings.objects.filter(municipality=municipality).select_related("municipality").first()


def is_snoozed(citizen: Any, conf: SurveySettings, now: datetime) -> bool:
    since = now - timedelta(days=conf.snooze_days)
    return SurveyInvitation.objects.filter(citizen=citizen, declined_at__gte=since).exists()


def is_late(invitation: SurveyInvitation, conf: SurveySettings, at: datetime) -> bool:
    return at > invitation.sent_at + timedelta(days=conf.answer_days)


def _department_of(conversation: Conversation, case: Any) -> Any:
    if case is not None:
        return case.department
    latest = conversation.cases.order_by("-created_at", "-id").select_related("department").first()
    return latest.department if latest is not None else None


def invite(conversation: Conversation, trigger: str, *, actor: Any = None, case: Any = None) -> SurveyInvitation | None:
    """Invite the conversation's citizen if every rule allows; None when a rule says no (the reason is logged)."""
    conf = settings_for(conversation.municipality_id)
    allowed = conf is not None and conf.enabled and (
        conf.on_conversation_closed if trigger == SurveyInvitation.Trigger.CONVERSATION_CLOSED else conf.on_case_resolved
    )
    citizen = conversation.citizen
    now = timezone.now()
    reason = ""
    if not allowed:
        reason = "survey off"
    elif citizen.blocked_at is not None:
        reason = "citizen blocked"
    elif is_restricted(citizen.pk):  # the citizen asked that nothing automatic be done with their data
        reason = "processing restricted"
    elif SurveyInvitation.objects.filter(conversation=conversation).exists():
        reason = "already invited"
    elif is_snoozed(citizen, conf, now):  # type: ignore[arg-type]
        reason = "citizen snoozed"
    if reason:
        logger.info("survey not sent for conversation %s: %s", conversation.pk, reason)
        return None
    assert conf is not None
    operator = actor if getattr(actor, "is_authenticated", False) else conversation.assigned_to
    if case is not None and case.assigned_to_id and operator is None:
        operator = case.assigned_to
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                municipality_id=conversation.municipality_id, conversation=conversation, case=case, citizen=citizen,
                account=conversation.account, channel=conversation.account.channel, operator=operator,
                department=_department_of(conversation, case), trigger=trigger, sent_at=now,
            )
    except IntegrityError:  # a concurrent close or resolution invited first
        return None
    invitation.token = links.make_token(invitation.pk)
    invitation.save(update_fields=["token"])
    with wording.citizen_language(conversation.municipality):
        _deliver(invitation, conversation, conf)
    audit("survey.invited", municipality=conversation.municipality, target=invitation, mode=invitation.mode,
          state=invitation.state)
    return invitation


def _deliver(invitation: SurveyInvitation, conversation: Conversation, conf: SurveySettings) -> None:
    """Questions to tap in the chat, else (WhatsApp's closed window) the approved template, else a link (e-mail, web
    form: channels whose choices would be words to write back); what the channel refuses is recorded."""
    chat = send_check(conversation, MessageKind.INTERACTIVE)
    try:
        if chat.allowed and choice_taps(conversation):
            invitation.mode = SurveyInvitation.Mode.CHAT
            _ask(invitation, conversation, conf, 0)
        elif MessageKind.TEMPLATE in chat.instead:
            template = next((t for t in template_options(conversation) if t.name == conf.template_name), None)
            if template is None or not conf.template_name:
                raise outbound.SendRefused(chat.reason, "no_survey_template")
            invitation.mode = SurveyInvitation.Mode.TEMPLATE
            outbound.queue_template(conversation, template.name, template.language,
                                   [links.survey_url(invitation.token)])
        else:
            invitation.mode = SurveyInvitation.Mode.LINK
            outbound.queue_text(
                conversation, f"{wording.intro(conf)}\n\n{wording.link_invitation()}\n{links.survey_url(invitation.token)}"
            )
    except outbound.SendRefused as refused:
        invitation.state = State.FAILED
        invitation.problem = f"{refused.code}: {refused.message}"
    invitation.save(update_fields=["mode", "state", "problem"])


def question_payload(invitation: SurveyInvitation, conf: SurveySettings, step: int) -> tuple[str, dict[str, Any]]:
    aspect_text = wording.question(conf, ASPECTS[step])
    text = f"{wording.intro(conf)}\n\n{aspect_text}" if step == 0 else aspect_text
    choices = [
        Choice(f"sv:{invitation.pk}:{step}:{score}", f"{FACE_EMOJI[face(score)]} {score} · {wording.score_label(score)}",
               wording.face_label(face(score)).capitalize())
        for score in reversed(SCORES)
    ]
    no_title, no_description = wording.decline_choice()
    choices.append(Choice(f"sv:{invitation.pk}:no", no_title, no_description))
    payload = choice_question(text, choices, button=wording.choose_button(),
                              header=wording.step_header(step + 1, len(ASPECTS)))
    return text, payload


def _ask(invitation: SurveyInvitation, conversation: Conversation, conf: SurveySettings, step: int) -> None:
    text, payload = question_payload(invitation, conf, step)
    outbound.queue_message(conversation, MessageKind.INTERACTIVE, text=text, payload=payload)


def parse_reply(inbound: Any, citizen: Any, account: Any) -> ChatReply | None:
    """A tapped survey choice ("sv:<invitation>:<step>:<score>" / "sv:<invitation>:no"), or a typed score or "no"
    while a chat survey waits for one on this account; None for everything else (the message goes on as usual)."""
    if inbound.kind == MessageKind.INTERACTIVE:
        parts = str(inbound.payload.get("id", "")).split(":")
        if parts[0] != "sv" or len(parts) not in (3, 4) or not parts[1].isdigit():
            return None
        if len(parts) == 3:
            return ChatReply(int(parts[1]), decline=parts[2] == "no") if parts[2] == "no" else None
        if not (parts[2].isdigit() and int(parts[2]) < len(ASPECTS) and parts[3].isdigit() and int(parts[3]) in SCORES):
            return None
        return ChatReply(int(parts[1]), ASPECTS[int(parts[2])], int(parts[3]))
    if inbound.kind != MessageKind.TEXT:
        return None
    typed = inbound.text.strip().lower().rstrip(".!")
    score = parse_score(typed)
    if score is None and typed not in DECLINE_WORDS:
        return None  # most messages: no query at all on the inbound hot path
    waiting = (
        SurveyInvitation.objects.filter(citizen=citizen, account=account, mode=SurveyInvitation.Mode.CHAT,
                                        state__in=OPEN_STATES, step__lt=len(ASPECTS))
        .order_by("-sent_at").first()
    )
    if waiting is None:
        return None
    if score is None:
        return ChatReply(waiting.pk, decline=True)
    return ChatReply(waiting.pk, ASPECTS[waiting.step], score)


def apply_chat_reply(reply: ChatReply, citizen: Any, *, key: str = "", at: datetime | None = None) -> str | None:
    """Apply a chat reply; returns what happened, or None when the invitation is not this citizen's."""
    at = at or timezone.now()
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update().filter(pk=reply.invitation_id, citizen=citizen).first()
        )
        if invitation is None:
            return None
        if key and key in invitation.replies:
            return "duplicate"
        if key:
            invitation.replies = [*invitation.replies, key][-REPLY_KEYS_KEPT:]
            invitation.save(update_fields=["replies"])
        if reply.decline:
            return decline(invitation, at=at)
        assert reply.aspect is not None and reply.score is not None
        return answer(invitation, {reply.aspect: reply.score}, at=at, chat=True)


def _conf(invitation: SurveyInvitation) -> SurveySettings:
    conf = settings_for(invitation.municipality_id)
    return conf if conf is not None else SurveySettings(municipality=invitation.municipality)


def answer(invitation: SurveyInvitation, scores: dict[str, int], *, comment: str | None = None,
           at: datetime | None = None, chat: bool = False) -> str:
    """Record scores (and a comment); "recorded", "late" (ignored) or "closed" (declined or failed: ignored)."""
    at = at or timezone.now()
    conf = _conf(invitation)
    if invitation.state in (State.DECLINED, State.FAILED, State.EXPIRED):
        return "closed"
    if is_late(invitation, conf, at):
        if invitation.state == State.SENT:
            invitation.state = State.EXPIRED
            invitation.save(update_fields=["state"])
        return "late"
    for aspect, score in scores.items():
        if aspect not in ASPECTS or score not in SCORES:
            raise ValueError(f"not a survey answer: {aspect}={score}")
    response, _ = SurveyResponse.objects.get_or_create(
        invitation=invitation,
        defaults={"municipality_id": invitation.municipality_id, "conversation_id": invitation.conversation_id,
                  "channel": invitation.channel, "operator_id": invitation.operator_id,
                  "department_id": invitation.department_id, "created_at": at},
    )
    for aspect, score in scores.items():
        setattr(response, aspect, score)
    if comment is not None:
        response.comment = comment.strip()[:4000]
    response.save()
    missing = [i for i, aspect in enumerate(ASPECTS) if getattr(response, aspect) is None]
    asked = invitation.step
    invitation.step = missing[0] if missing else len(ASPECTS)
    invitation.state = State.PARTIAL if missing else State.ANSWERED
    invitation.answered_at = at
    invitation.save(update_fields=["step", "state", "answered_at"])
    # In the chat, only the answer to the question just asked moves the survey on (an answer to an earlier one
    # only replaces its score).
    if chat and asked < len(ASPECTS) and ASPECTS[asked] in scores:
        _continue_chat(invitation, conf)
    return "recorded"


def _continue_chat(invitation: SurveyInvitation, conf: SurveySettings) -> None:
    conversation = Conversation.objects.select_related("account", "citizen", "municipality").get(
        pk=invitation.conversation_id
    )
    with wording.citizen_language(conversation.municipality):
        try:
            if invitation.step < len(ASPECTS):
                _ask(invitation, conversation, conf, invitation.step)
            else:
                outbound.queue_text(conversation, f"{wording.thanks(conf)}\n\n{wording.comment_prompt(conf)}\n"
                                                  f"{links.survey_url(invitation.token)}")
        except outbound.SendRefused as refused:  # e.g. the window closed meanwhile: the page link still works
            SurveyInvitation.objects.filter(pk=invitation.pk).update(problem=f"{refused.code}: {refused.message}")


def decline(invitation: SurveyInvitation, *, at: datetime | None = None) -> str:
    """The citizen said no: no more questions, and no survey for `snooze_days`. Answers already given still count."""
    at = at or timezone.now()
    if invitation.state in (State.DECLINED, State.FAILED, State.ANSWERED):
        return "closed"
    invitation.state = State.DECLINED
    invitation.declined_at = at
    invitation.save(update_fields=["state", "declined_at"])
    conf = _conf(invitation)
    if invitation.mode == SurveyInvitation.Mode.CHAT:
        conversation = Conversation.objects.select_related("account", "citizen", "municipality").get(
            pk=invitation.conversation_id
        )
        with wording.citizen_language(conversation.municipality):
            try:
                outbound.queue_text(conversation, wording.declined(conf))
            except outbound.SendRefused:
                pass  # the refusal is recorded; a courtesy reply that cannot go is no loss
    return "declined"
