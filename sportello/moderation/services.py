"""Moderation services: screening a message, the actions that follow, and moderators' decisions.

Views, the admin, the pipeline step and commands all call these functions; they write the audit log and publish
real-time events on commit. Nothing here logs a phone number: the sender's own number is handed to the screen
(so it is not mistaken for someone else's) and forgotten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sportello.core import build, configcache
from sportello.citizens.models import Citizen, Identity
from sportello.connectors.base import MessageKind
from sportello.conversations import outbound
from sportello.conversations.channel import label as channel_label
from sportello.conversations.keys import message_key
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline import hints
from sportello.core import inserts
from sportello.core import events
from sportello.core.audit import audit
from sportello.moderation import conf
from sportello.moderation.models import (
    CATEGORY_LABELS,
    CategoryAction,
    Finding,
    ModerationPolicy,
    Review,
    Screening,
    Strike,
)
from sportello.moderation.screening import (
    DEFAULT_THRESHOLDS,
    Category,
    ScreenConfig,
    ScreenContext,
    Verdict,
    classifier_from_env,
    screen,
)

# callback_data of the notices we send: lets the inbox tell them from real answers (see _recount_inbox).
NOTICE_PREFIX = "moderation-notice-"
# Kinds that carry nothing to screen or that only point at another message.
_SKIPPED_KINDS = {MessageKind.REVOKE, MessageKind.SYSTEM, MessageKind.REACTION}
_SIDE_KINDS = {MessageKind.REACTION, MessageKind.EDIT, MessageKind.REVOKE, MessageKind.SYSTEM}


class ModerationError(Exception):
    """A decision that cannot be taken as asked (missing reason, wrong state); the message is for the moderator."""


# --- configuration ----------------------------------------------------------------------------------------------


def policy_for(municipality: Any) -> ModerationPolicy:
    return configcache.cached(
        "moderation.policy", municipality.pk,
        lambda: ModerationPolicy.objects.get_or_create(municipality=municipality)[0],
    )


def actions_for(policy: ModerationPolicy) -> dict[Category, conf.Action]:
    return configcache.cached("moderation.actions", policy.pk, lambda: _load_actions(policy))


def _load_actions(policy: ModerationPolicy) -> dict[Category, conf.Action]:
    actions = dict(conf.DEFAULT_ACTIONS)
    for row in policy.actions.all():
        actions[Category(row.category)] = conf.Action(hide=row.hide, notify=row.notify, strike=row.strike)
    return actions


def screen_config(policy: ModerationPolicy) -> ScreenConfig:
    return configcache.cached("moderation.screen_config", policy.pk, lambda: _load_screen_config(policy))


def _load_screen_config(policy: ModerationPolicy) -> ScreenConfig:
    thresholds = dict(DEFAULT_THRESHOLDS)
    for row in CategoryAction.objects.filter(policy=policy, threshold__isnull=False):
        thresholds[Category(row.category)] = float(row.threshold)  # type: ignore[arg-type]
    from sportello.learning.services import adapter_for

    # The shipped model as adapted by this municipality's moderators' decisions (see _learn_decision).
    model = adapter_for(policy.municipality_id, "moderation")
    return ScreenConfig(thresholds=thresholds, classifier=_classifier(), model=model)


def _learn_decision(message: Message, categories: list[str] | None) -> None:
    """Teach the municipality's moderation adapter a moderator's decision ([]: the message was clean)."""
    from sportello.learning.services import learn

    known = [c for c in categories or [] if c in Category._value2member_map_]
    if categories and not known:
        return
    try:
        learn(message.municipality_id, "moderation", message.text or "", known)
    except Exception:  # learning must never undo a moderator's decision
        import logging

        logging.getLogger(__name__).exception("moderation: learning from a decision failed")


@lru_cache(maxsize=1)
def _classifier():  # type: ignore[no-untyped-def]
    return classifier_from_env()


def own_domains(municipality: Any, policy: ModerationPolicy) -> list[str]:
    """The municipality's own hosts: its website, its published links, and any the administrator adds."""
    urls = [municipality.website, *(municipality.links or {}).values()]
    hosts = []
    for url in urls:
        if not isinstance(url, str) or not url:
            continue
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        host = host.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    return hosts + [d.strip().lower() for d in policy.extra_domains or [] if isinstance(d, str) and d.strip()]


def screen_context(municipality: Any, citizen: Citizen, policy: ModerationPolicy) -> ScreenContext:
    phone = next(
        (i.value for i in citizen.identities.all() if i.kind == Identity.Kind.PHONE and i.active), None
    )
    return ScreenContext.for_municipality(
        own_domains(municipality, policy),
        official_ibans=[str(i) for i in policy.official_ibans or []],
        official_accounts=[str(a) for a in policy.official_accounts or []],
        sender_phone=phone,  # decrypted for the screen only; never logged nor stored with the verdict
        sender_name=citizen.display_name or None,
    )


# --- screening --------------------------------------------------------------------------------------------------


def parts_of(message: Message) -> list[tuple[str, str]]:
    """What the screen reads: the text or caption, and each document's file name."""
    parts = []
    if message.text.strip():
        parts.append(("text", message.text))
    for attachment in message.attachments.all():
        if attachment.filename.strip():
            parts.append((f"filename:{attachment.filename}"[:300], attachment.filename))
    return parts


def record_screening(message: Message, verdicts: list[tuple[str, Verdict]]) -> Screening:
    best: dict[str, float] = {}
    for _part, verdict in verdicts:
        for cv in verdict.categories:
            if cv.flagged:
                best[cv.category.value] = max(best.get(cv.category.value, 0.0), cv.score)
    fields = {
        "municipality_id": message.municipality_id,
        "flagged": bool(best),
        "categories": sorted(best, key=lambda c: -best[c]),
        "top_score": max((cv.score for _p, v in verdicts for cv in v.categories), default=0.0),
        "cleared": [dict(_evidence(e), part=part) for part, v in verdicts for e in v.cleared],
    }
    findings = [
        Finding(part=part, category=cv.category.value, score=round(cv.score, 4), flagged=cv.flagged,
                evidence=[_evidence(e) for e in cv.evidence])
        for part, verdict in verdicts
        for cv in verdict.categories
    ]
    if hints.is_new_message(message):
        # Just stored by the batched pipeline: it has no screening yet, and nothing in the run reads these rows
        # back (what the step decides comes from the verdicts), so they go in with the batch's other rows.
        screening = build.new(Screening, message=message, **fields)
        inserts.create_later(screening)
        for finding in findings:
            finding.screening = screening
            inserts.create_later(finding)
        return screening
    screening, created = Screening.objects.update_or_create(message=message, defaults=fields)
    if not created:
        screening.findings.all().delete()
    for finding in findings:
        finding.screening = screening
    Finding.objects.bulk_create(findings)
    return screening


def _evidence(e: Any) -> dict[str, Any]:
    return {
        "finder": e.finder, "span": list(e.span), "text": e.text, "normalized": e.normalized,
        "weight": e.weight, "detail": e.detail,
    }


@dataclass
class Outcome:
    """What the pipeline step did, recorded in ctx.notes["moderation"] (no personal data)."""

    screened: bool = False
    categories: list[str] = field(default_factory=list)
    flagged: bool = False
    hidden: bool = False
    notified: bool = False
    strike: bool = False
    blocked: bool = False
    quarantined_blocked: bool = False
    notice_refused: str = ""

    def as_note(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v}


def moderate_inbound(message: Message, citizen: Citizen, municipality: Any) -> Outcome:
    """The pipeline's entry point: called right after the message is stored, inside its transaction."""
    outcome = Outcome()
    if not message.is_inbound or message.kind in _SKIPPED_KINDS:
        return outcome
    policy = policy_for(municipality)
    screening = None
    parts = parts_of(message) if policy.enabled else []
    if parts:
        context = screen_context(municipality, citizen, policy)
        config = screen_config(policy)
        screening = record_screening(message, [(part, screen(text, context, config)) for part, text in parts])
        outcome.screened = True
        outcome.categories = list(screening.categories)
    if citizen.blocked_at is not None:
        # A blocked citizen's messages go straight to quarantine (screened all the same, for the record);
        # nobody answers them.
        quarantine(
            message, origin=Review.Origin.BLOCKED, reason="blocked",
            categories=screening.categories if screening else [], withdraw=True,
        )
        _hide_edit_target(message, "blocked")
        outcome.quarantined_blocked = outcome.hidden = True
        return outcome
    if screening is None or not screening.flagged:
        return outcome
    categories = [Category(c) for c in screening.categories]
    actions = actions_for(policy)
    outcome.flagged = True
    hide = any(actions[c].hide for c in categories)
    reason = ", ".join(screening.categories)
    # Lock the citizen: two workers handling two of their messages must not both miss the block threshold.
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if hide:
        quarantine(message, origin=Review.Origin.SCREEN, reason=reason, categories=screening.categories, withdraw=True)
        _hide_edit_target(message, reason)
        outcome.hidden = True
    else:
        flag_for_review(message, origin=Review.Origin.SCREEN, categories=screening.categories)
    if any(actions[c].strike for c in categories):
        outcome.strike = True
        outcome.blocked = add_strike(citizen, message, screening.categories, policy)
    if any(actions[c].notify for c in categories) or outcome.blocked:
        refused = send_notice(message.conversation, citizen, categories, policy, blocked=outcome.blocked)
        outcome.notified = not refused
        outcome.notice_refused = refused
    return outcome


# --- actions ----------------------------------------------------------------------------------------------------


def _review_for(message: Message, origin: str, categories: list[str]) -> Review:
    review, created = Review.objects.get_or_create(
        message=message,
        defaults={
            "municipality_id": message.municipality_id, "citizen_id": message.conversation.citizen_id,
            "origin": origin, "categories": categories,
        },
    )
    if not created:
        review.origin, review.categories, review.state = origin, categories or review.categories, Review.State.PENDING
        review.decided_at, review.decided_by, review.decision_reason = None, None, ""
        review.save()
    events.publish_on_commit(
        message.municipality_id, "moderation.review_added", {"review": review.pk, "message": message.pk}
    )
    return review


def flag_for_review(message: Message, *, origin: str, categories: list[str] | None = None) -> Review:
    """Into the review queue, still visible to operators."""
    return _review_for(message, origin, list(categories or []))


def quarantine(
    message: Message, *, origin: str, reason: str, categories: list[str] | None = None, withdraw: bool = False
) -> Review:
    """Out of the inbox, into quarantine (only moderators open it), and into the review queue.

    `withdraw`: the message was just stored and counted as unread; take it out of the counters again.
    """
    message.hidden_at = timezone.now()
    message.hidden_reason = reason[:200]
    message.save(update_fields=["hidden_at", "hidden_reason"])
    if withdraw:
        Conversation.objects.filter(pk=message.conversation_id, unread_count__gt=0).update(
            unread_count=F("unread_count") - 1
        )
    _recount_inbox(message.conversation_id)
    return _review_for(message, origin, list(categories or []))


def _hide_edit_target(message: Message, reason: str) -> None:
    """An edit replaces the text of an earlier message: when the new text is hidden, so is that message."""
    if message.kind != MessageKind.EDIT:
        return
    key = message_key(message.conversation.account.channel, str(message.payload.get("original_message_id", "")))
    if not key:
        return
    target = Message.objects.filter(municipality_id=message.municipality_id, external_key=key).first()
    if target is not None and target.hidden_at is None:
        quarantine(target, origin=Review.Origin.SCREEN, reason=reason)


def _recount_inbox(conversation_id: int) -> None:
    """`waiting_since` from what operators can see: the first visible citizen message after the last real answer.

    Our own code-of-conduct notices are not answers: a question asked before an insult is still waiting.
    """
    answers = Message.objects.filter(conversation_id=conversation_id).exclude(direction=Message.Direction.INBOUND)
    answers = answers.exclude(direction=Message.Direction.NOTE).exclude(callback_data__startswith=NOTICE_PREFIX)
    last_answer = answers.order_by("-sent_at").values_list("sent_at", flat=True).first()
    waiting = Message.objects.filter(
        conversation_id=conversation_id, direction=Message.Direction.INBOUND, hidden_at__isnull=True
    ).exclude(kind__in=_SIDE_KINDS)
    if last_answer is not None:
        waiting = waiting.filter(sent_at__gt=last_answer)
    first = waiting.order_by("sent_at").values_list("sent_at", flat=True).first()
    Conversation.objects.filter(pk=conversation_id).update(waiting_since=first)


def _active_strikes(citizen: Citizen, policy: ModerationPolicy) -> int:
    since = timezone.now() - timedelta(days=policy.strike_days) if policy.strike_days else None
    strikes = Strike.objects.filter(citizen=citizen, revoked_at__isnull=True)
    if since is not None:
        strikes = strikes.filter(created_at__gte=since)
    return strikes.count()


def active_strikes(citizen: Citizen) -> int:
    return _active_strikes(citizen, policy_for(citizen.municipality))


def add_strike(citizen: Citizen, message: Message | None, categories: list[str], policy: ModerationPolicy) -> bool:
    """Count a violation; True when it is the one that blocks the citizen."""
    if message is not None and Strike.objects.filter(message=message).exists():
        return False
    Strike.objects.create(
        municipality_id=citizen.municipality_id, citizen=citizen, message=message, categories=categories
    )
    count = _active_strikes(citizen, policy)
    audit(
        "moderation.strike", municipality=citizen.municipality, target=citizen, categories=categories,
        message=message.pk if message else None, strikes=count,
    )
    if citizen.blocked_at is None and policy.strikes_to_block and count >= policy.strikes_to_block:
        block_citizen(
            citizen, actor=None, automatic=True,
            reason=_("Blocco automatico dopo %(count)s violazioni delle regole di utilizzo (%(categories)s).")
            % {"count": count, "categories": ", ".join(categories)},
        )
        return True
    return False


def _reasons(categories: list[Category]) -> str:
    return "; ".join(str(CATEGORY_LABELS[c]) for c in categories)


def notice_text(
    citizen: Citizen, categories: list[Category], policy: ModerationPolicy, *, blocked: bool, channel: str
) -> str:
    """`channel` is the channel's name as citizens read it ("WhatsApp", "Telegram"…)."""
    municipality = citizen.municipality
    with translation.override(citizen.language or "it"):
        custom = policy.block_notice_text if blocked else policy.notice_text
        values = {
            "comune": municipality.name, "ufficio": municipality.office_name, "motivi": _reasons(categories),
            "canale": channel,
        }
        if custom.strip():
            text = custom
            for key, value in values.items():
                text = text.replace("{" + key + "}", value)
            return text
        if blocked:
            return _(
                "Il suo contatto è stato bloccato per ripetute violazioni delle regole di utilizzo del servizio "
                "%(canale)s di %(comune)s (ultima: %(motivi)s). I messaggi che invierà non saranno letti né riceveranno "
                "risposta. Per chiedere la revisione del blocco può rivolgersi all'%(ufficio)s tramite gli altri "
                "canali ufficiali."
            ) % values
        return _(
            "Il suo messaggio non è stato pubblicato perché viola le regole di utilizzo del servizio %(canale)s di "
            "%(comune)s: %(motivi)s. Il servizio è moderato: i messaggi che violano le regole vengono rimossi e, se "
            "necessario, segnalati alle autorità; chi le viola più volte viene bloccato. Può continuare a scriverci "
            "per le sue richieste nel rispetto delle regole."
        ) % values


def send_notice(
    conversation: Conversation, citizen: Citizen, categories: list[Category], policy: ModerationPolicy,
    *, blocked: bool = False,
) -> str:
    """Queue the code-of-conduct notice; returns "" or the refusal code (a closed window, recorded in notes)."""
    text = notice_text(citizen, categories, policy, blocked=blocked, channel=channel_label(conversation.account))
    try:
        outbound.queue_text(conversation, text, callback_data=f"{NOTICE_PREFIX}{uuid.uuid4().hex}")
    except outbound.SendRefused as refused:
        audit("moderation.notice_refused", municipality=conversation.municipality, target=conversation,
              code=refused.code)
        return refused.code
    _recount_inbox(conversation.pk)
    return ""


def block_citizen(
    citizen: Citizen, *, actor: Any, reason: str, automatic: bool = False, remove_from_lists: bool = False
) -> None:
    """Block: later messages go to quarantine and get no replies. Subscriptions stay (see docs/moderation.md)."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indicare il motivo del blocco."))
    with transaction.atomic():
        citizen.blocked_at = timezone.now()
        citizen.blocked_reason = reason
        citizen.save(update_fields=["blocked_at", "blocked_reason"])
        audit(
            "citizen.blocked", actor=actor, actor_label="" if actor else "moderation", municipality=citizen.municipality,
            target=citizen, reason=reason, automatic=automatic,
        )
        events.publish_on_commit(citizen.municipality_id, "citizen.blocked", {"citizen": citizen.pk})
        if remove_from_lists:
            remove_from_mailing_lists(citizen, actor=actor, reason=reason)


def unblock_citizen(citizen: Citizen, *, actor: Any, reason: str) -> None:
    """Unblock with a stated reason; the strikes counted so far are revoked (a fresh start, not a loaded gun)."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indicare il motivo dello sblocco."))
    if citizen.blocked_at is None:
        raise ModerationError(_("Il cittadino non è bloccato."))
    with transaction.atomic():
        citizen.blocked_at = None
        citizen.blocked_reason = ""
        citizen.save(update_fields=["blocked_at", "blocked_reason"])
        revoked = Strike.objects.filter(citizen=citizen, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit(
            "citizen.unblocked", actor=actor, municipality=citizen.municipality, target=citizen, reason=reason,
            strikes_revoked=revoked,
        )
        events.publish_on_commit(citizen.municipality_id, "citizen.unblocked", {"citizen": citizen.pk})


def remove_from_mailing_lists(citizen: Citizen, *, actor: Any, reason: str) -> int:
    """A separate, explicit decision: end the citizen's subscriptions, emergency alerts included."""
    from sportello.broadcasts.models import Subscription

    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indicare il motivo della rimozione dalle liste."))
    subscriptions = Subscription.objects.filter(citizen=citizen, active=True)
    lists = list(subscriptions.values_list("mailing_list_id", flat=True))
    subscriptions.update(active=False, unsubscribed_at=timezone.now())
    audit(
        "moderation.lists_removed", actor=actor, municipality=citizen.municipality, target=citizen, reason=reason,
        lists=lists,
    )
    return len(lists)


def _decide(review: Review, state: str, actor: Any, reason: str) -> None:
    review.state = state
    review.decided_at = timezone.now()
    review.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    review.decision_reason = reason
    review.save(update_fields=["state", "decided_at", "decided_by", "decision_reason"])


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Indicare la motivazione della decisione."))
    return reason


def restore(review: Review, *, actor: Any, reason: str) -> None:
    """A false positive: back into the inbox (and onto open consoles); its strike, if any, is revoked."""
    reason = _require_reason(reason)
    message = review.message
    with transaction.atomic():
        was_hidden = message.hidden_at is not None
        message.hidden_at = None
        message.hidden_reason = ""
        message.save(update_fields=["hidden_at", "hidden_reason"])
        _decide(review, Review.State.RESTORED, actor, reason)
        _learn_decision(message, [])
        revoked = Strike.objects.filter(message=message, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if was_hidden:
            Conversation.objects.filter(pk=message.conversation_id).update(unread_count=F("unread_count") + 1)
        _recount_inbox(message.conversation_id)
        audit(
            "moderation.restored", actor=actor, municipality=message.municipality, target=message, reason=reason,
            review=review.pk, categories=review.categories, strike_revoked=bool(revoked),
        )
        if was_hidden:
            events.publish_on_commit(
                message.municipality_id, "message.created",
                {"conversation": message.conversation_id, "message": message.pk},
            )


def confirm(
    review: Review, *, actor: Any, reason: str, strike: bool = False, categories: list[str] | None = None
) -> None:
    """The violation is confirmed: the message stays (or now goes) out of the inbox; optionally a strike.

    `categories`, when given, are the moderator's own (a message staff reported has none from the screen).
    """
    reason = _require_reason(reason)
    message = review.message
    with transaction.atomic():
        if categories:
            review.categories = [c for c in categories if c in Category._value2member_map_]
            review.save(update_fields=["categories"])
        if message.hidden_at is None:
            quarantine(message, origin=review.origin, reason=", ".join(review.categories) or "confirmed",
                       categories=review.categories)
            review.refresh_from_db()
        _decide(review, Review.State.CONFIRMED, actor, reason)
        if review.categories:
            _learn_decision(message, list(review.categories))
        audit(
            "moderation.confirmed", actor=actor, municipality=message.municipality, target=message, reason=reason,
            review=review.pk, categories=review.categories,
        )
        if strike:
            citizen = Citizen.objects.select_for_update().get(pk=review.citizen_id)
            add_strike(citizen, message, review.categories, policy_for(message.municipality))


def report_message(message: Message, *, actor: Any, reason: str) -> Review:
    """Any operator may put a visible message in the review queue (it stays visible until a moderator decides)."""
    reason = _require_reason(reason)
    with transaction.atomic():
        review = flag_for_review(message, origin=Review.Origin.STAFF)
        audit("moderation.reported", actor=actor, municipality=message.municipality, target=message, reason=reason)
    return review


def hide_by_moderator(message: Message, *, actor: Any, reason: str, strike: bool = False) -> Review:
    """A moderator removes a message the screen let through: hidden and confirmed at once."""
    reason = _require_reason(reason)
    with transaction.atomic():
        review = quarantine(message, origin=Review.Origin.STAFF, reason=reason)
        _decide(review, Review.State.CONFIRMED, actor, reason)
        audit("moderation.hidden", actor=actor, municipality=message.municipality, target=message, reason=reason)
        if strike:
            citizen = Citizen.objects.select_for_update().get(pk=message.conversation.citizen_id)
            add_strike(citizen, message, [], policy_for(message.municipality))
    return review


configcache.watch(ModerationPolicy, CategoryAction)
