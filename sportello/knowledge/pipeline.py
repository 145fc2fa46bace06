"""Inbound pipeline step of the knowledge app (listed in settings.SPORTELLO_INBOUND_PIPELINE after the office-hours
step, so it sees what moderation, commands, redirects and office hours decided).

`automatic_answer`: when the municipality has enabled automatic answers (always, or out of office hours only) and
the best entry's confidence reaches the shipped threshold, the entry's answer goes to the citizen through the
outbox, saying it is automatic and how to reach a person. Otherwise it abstains and the message waits for an
operator as before. Never for a hidden or flagged message, a handled command, a redirect or a blocked citizen.

Writing the hand-over word (OPERATORE) after an automatic answer keeps the conversation waiting for an operator,
and no further automatic answer is sent in that conversation until an operator has written.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.connectors.base import MessageKind
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline import hints
from sportello.conversations.pipeline.context import InboundContext
from sportello.core.audit import audit
from sportello.knowledge import calibration, services
from sportello.knowledge.models import Entry, Settings, Use
from sportello.knowledge.retrieval import learned_terms
from sportello.policies.matching import is_one_of

HANDOVER_WORDS = ("operatore", "un operatore", "voglio un operatore", "parlare con un operatore", "operator")
# Decisions of earlier steps after which nothing more is said.
_HANDLED_NOTES = ("command", "redirect", "outbound_only")
_MODERATION_MARKS = ("categories", "flagged", "hidden", "blocked", "strike")


def handover_word() -> str:
    return _("OPERATORE")


def _eligible(ctx: InboundContext) -> bool:
    message = ctx.message
    return (
        message is not None
        and ctx.citizen is not None
        and ctx.conversation is not None
        and message.direction == Message.Direction.INBOUND
        and message.kind == MessageKind.TEXT
        and bool(message.text.strip())
        and message.hidden_at is None
        and getattr(ctx.citizen, "blocked_at", None) is None
        and not any(key in ctx.notes for key in _HANDLED_NOTES)
        and not any((ctx.notes.get("moderation") or {}).get(mark) for mark in _MODERATION_MARKS)
    )


def automatic_answer(ctx: InboundContext) -> None:
    if not _eligible(ctx):
        return
    mode = services.mode_for(ctx.municipality.pk)
    if mode == Settings.AutoAnswers.NEVER:
        return
    fresh = hints.is_new_conversation(ctx.conversation)  # begun by this message: nothing answered or handed over
    last = None if fresh else _last_automatic(ctx.conversation)
    if last is not None and is_one_of(ctx.message.text, HANDOVER_WORDS + (handover_word(),)):
        _hand_over(ctx, last)
        return
    if mode == Settings.AutoAnswers.OUT_OF_HOURS and "office_closed" not in ctx.notes:
        return
    if not fresh and _handed_over(ctx.conversation):
        ctx.notes["auto_answer"] = {"skipped": "handed_over"}
        return
    found = services.suggest(ctx.municipality.pk, ctx.message.text, k=1)
    if not found or found[0].confidence < calibration.THRESHOLD:
        ctx.notes["auto_answer"] = {"abstained": True, "confidence": round(found[0].confidence if found else 0.0, 3)}
        return
    _answer(ctx, found[0])


def _answer(ctx: InboundContext, best: services.Suggestion) -> None:
    from sportello.policies import services as policy_services

    entry = best.entry
    text = _(
        "Risposta automatica: %(answer)s\n\nSe la risposta non basta, scriva %(word)s e un operatore "
        "dell'%(office)s le risponderà appena possibile."
    ) % {"answer": services.render_answer(entry), "word": handover_word(), "office": ctx.municipality.office_name}
    reply = policy_services.reply(ctx, text)
    if reply is None:  # the channel refused (e.g. outside its reply window): the message waits for an operator
        ctx.notes["auto_answer"] = {"refused": True, "entry": entry.pk}
        return
    Use.objects.create(
        entry=entry, municipality_id=ctx.municipality.pk, kind=Use.Kind.AUTOMATIC, conversation=ctx.conversation,
        message=ctx.message, reply=reply, terms=learned_terms(ctx.message.text), confidence=best.confidence,
    )
    Entry.objects.filter(pk=entry.pk).update(times_answered=F("times_answered") + 1, last_used_at=timezone.now())
    policy_services.mark_message(ctx.message, auto_answer=entry.pk)
    ctx.notes["auto_answer"] = {"entry": entry.pk, "confidence": round(best.confidence, 3)}
    audit("knowledge.auto_answered", municipality=ctx.municipality, target=ctx.message, entry=entry.pk,
          confidence=round(best.confidence, 3))


def _last_automatic(conversation: Conversation) -> Use | None:
    return Use.objects.filter(conversation=conversation, kind=Use.Kind.AUTOMATIC).order_by("-id").first()


def _handed_over(conversation: Conversation) -> bool:
    """The citizen asked for a person and no operator has written since."""
    use = Use.objects.filter(conversation=conversation, handed_over_at__isnull=False).order_by("-handed_over_at").first()
    if use is None:
        return False
    return not Message.objects.filter(
        conversation=conversation, direction=Message.Direction.OUTBOUND, author__isnull=False,
        created_at__gt=use.handed_over_at,
    ).exists()


def _hand_over(ctx: InboundContext, last: Use) -> None:
    from sportello.policies import services as policy_services

    waiting = ctx.message.sent_at
    Use.objects.filter(pk=last.pk, handed_over_at__isnull=True).update(handed_over_at=timezone.now())
    policy_services.reply(ctx, _(
        "Va bene: la sua richiesta passa a un operatore dell'%(office)s, che le risponderà appena possibile."
    ) % {"office": ctx.municipality.office_name})
    # The acknowledgement is not an answer: the conversation keeps waiting for a person.
    policy_services.set_waiting(ctx.conversation, waiting)
    policy_services.mark_message(ctx.message, handover=last.entry_id)
    ctx.notes["auto_answer"] = {"handed_over": last.entry_id}
    audit("knowledge.handed_over", municipality=ctx.municipality, target=ctx.message, entry=last.entry_id)
