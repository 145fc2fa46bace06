"""Inbound pipeline steps of the policies app (listed in settings.SPORTELLO_INBOUND_PIPELINE).

`keyword_commands`: subscription commands and answers to the consent question. A handled command is recorded,
marked on the message (`payload["policy"]["handled"]`), taken out of the operators' waiting queue, and stops the
pipeline.

`office_hours_and_mode`: the channel's mode (outbound only, information only with redirects), configured
redirects (identity-card bookings…), then office hours, holidays, closures and the emergency switch. Automatic
replies go through the outbox; an out-of-hours message still waits for operators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from sportello.core import configcache
from sportello.connectors.base import MessageKind
from sportello.conversations.channel import label as channel_label
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline.context import InboundContext
from sportello.core import events
from sportello.core.audit import audit
from sportello.policies import replies, services
from sportello.policies.matching import is_one_of
from sportello.policies.models import AutoReply, ChannelPolicy, ConsentRequest, KeywordCommand, Redirect

# Messages that are about another message, not something to answer.
_SIDE_KINDS = {MessageKind.REACTION, MessageKind.EDIT, MessageKind.REVOKE, MessageKind.SYSTEM}
ACCEPT_WORDS = ("accetto", "sì accetto", "si, accetto", "ok accetto", "accetto l'informativa")
DECLINE_WORDS = ("non accetto", "no", "no grazie", "rifiuto")


def _applies(ctx: InboundContext) -> bool:
    message = ctx.message
    return (
        message is not None
        and ctx.citizen is not None
        and message.direction == Message.Direction.INBOUND
        and message.kind not in _SIDE_KINDS
        and message.hidden_at is None
    )


# -- keyword commands --------------------------------------------------------------------------------------------
def keyword_commands(ctx: InboundContext) -> None:
    if not _applies(ctx):
        return
    message = ctx.message
    before = services.waiting_before(message)
    handled: dict[str, Any] | None = None
    if message.kind == MessageKind.INTERACTIVE and str(message.payload.get("id", "")).startswith(services.CONSENT_PREFIX):
        handled = _consent_tap(ctx, str(message.payload["id"]), str(message.payload.get("title", "")))
    elif message.kind in (MessageKind.TEXT, MessageKind.BUTTON) and message.text:
        handled = _typed_consent_answer(ctx, message.text) or _command(ctx, message.text)
    if handled is None:
        return
    _finish_handled(ctx, before, handled)


def _finish_handled(ctx: InboundContext, waiting: Any, handled: dict[str, Any]) -> None:
    message = ctx.message
    services.mark_message(message, handled="command", **handled)
    services.set_waiting(ctx.conversation, waiting)
    Conversation.objects.filter(pk=ctx.conversation.pk).update(unread_count=Greatest(F("unread_count") - 1, 0))
    ctx.notes["command"] = handled
    audit("policy.command_handled", municipality=ctx.municipality, target=message, command=handled)
    events.publish_on_commit(
        ctx.municipality.pk, "message.created", {"conversation": ctx.conversation.pk, "message": message.pk}
    )
    ctx.stop = True


def _command(ctx: InboundContext, text: str) -> dict[str, Any] | None:
    found = services.find_command(ctx.municipality, text)
    if found is None:
        return None
    command, match = found.command, found.match
    result: dict[str, Any] = {"command": command.pk, "action": command.action}
    if match.unknown_tags:
        services.reply(ctx, replies.unknown_tags_text(ctx.municipality, command, list(match.unknown_tags)))
        return {**result, "outcome": "unknown_tags", "unknown_tags": list(match.unknown_tags)}
    chosen = [found.tags[t] for t in match.tags]
    if command.action == KeywordCommand.Action.SUBSCRIBE:
        return {**result, **_subscribe(ctx, command, chosen, text)}
    if command.action in (KeywordCommand.Action.UNSUBSCRIBE, KeywordCommand.Action.STOP):
        return {**result, **_unsubscribe(ctx, command, chosen, text)}
    return {**result, **_show_subscriptions(ctx)}


def _command_lists(ctx: InboundContext, command: KeywordCommand, chosen: list[Any]) -> list[Any]:
    found = list(replies.targets(ctx.municipality, command, chosen))
    if command.action == KeywordCommand.Action.STOP:  # STOP also leaves lists the office has since switched off
        found += [s.mailing_list for s in services.active_subscriptions(ctx.citizen) if not s.mailing_list.active]
    return found


_labels = replies.labels


def _subscribe(ctx: InboundContext, command: KeywordCommand, chosen: list[Any], text: str) -> dict[str, Any]:
    targets = _command_lists(ctx, command, chosen)
    at = ctx.inbound.sent_at
    already = {s.mailing_list_id for s in services.active_subscriptions(ctx.citizen, targets)}
    new = [m for m in targets if m.pk not in already]
    if targets and not new:
        services.reply(ctx, _("Risulta già iscritto a %(lists)s. Per cancellarsi scriva «%(stop)s».") % {
            "lists": _labels(targets), "stop": replies.stop_phrase(ctx.municipality),
        })
        _send_bulletin(ctx, targets)
        return {"outcome": "already_subscribed", "lists": [m.slug for m in targets]}
    free = [m for m in new if not m.requires_consent]
    covered = {m.pk: services.valid_consent(ctx.citizen, m) for m in new if m.requires_consent}
    immediate = free + [m for m in new if m.requires_consent and covered[m.pk] is not None]
    for mailing_list in immediate:
        services.subscribe(ctx.citizen, [mailing_list], at=at, consent=covered.get(mailing_list.pk),
                           account=ctx.account)
    needing = [m for m in new if m.requires_consent and covered[m.pk] is None]
    outcome: dict[str, Any] = {"outcome": "subscribed", "lists": [m.slug for m in immediate]}
    if needing:
        policy = services.policy_covering(ctx.municipality, needing)
        if policy is None:
            services.reply(ctx, replies.no_policy_text(needing))
            return {**outcome, "outcome": "no_policy", "missing": [m.slug for m in needing]}
        request = services.ask_consent(ctx, policy, needing, command, text)
        return {**outcome, "outcome": "consent_requested", "consent_request": request.pk,
                "pending": [m.slug for m in needing], "policy_version": policy.version}
    _welcome(ctx, command, immediate)
    return outcome


def _welcome(ctx: InboundContext, command: KeywordCommand | None, lists: list[Any]) -> None:
    services.reply(ctx, replies.welcome_text(ctx.municipality, command, lists))
    _send_bulletin(ctx, lists)


def _send_bulletin(ctx: InboundContext, lists: list[Any]) -> None:
    from sportello.broadcasts.models import MailingList

    if any(m.category == MailingList.Category.BULLETIN for m in lists):
        bulletin = services.current_bulletin(ctx.municipality)
        if bulletin:
            services.reply(ctx, bulletin)
            ctx.notes["bulletin_sent"] = True


def _unsubscribe(ctx: InboundContext, command: KeywordCommand, chosen: list[Any], text: str) -> dict[str, Any]:
    targets = _command_lists(ctx, command, chosen)
    ConsentRequest.objects.filter(citizen=ctx.citizen, answered_at__isnull=True).update(
        answered_at=ctx.inbound.sent_at, answer="superseded"
    )
    left = services.unsubscribe(
        ctx.citizen, targets, at=ctx.inbound.sent_at, words=text, channel=ctx.account.channel
    )
    if not left:
        services.reply(ctx, _("Non risulta iscritto a %(lists)s.") % {"lists": _labels(targets)})
        return {"outcome": "not_subscribed"}
    service = services.policy_for(ctx.municipality)
    template = command.reply_text or (service.unsubscribed_text if service else "") or _(
        "Fatto: la Sua iscrizione a {liste} è cancellata. Non riceverà più questi messaggi. Può sempre scriverci qui."
    )
    services.reply(ctx, services.render(template, ctx.municipality, liste=_labels(left)))
    return {"outcome": "unsubscribed", "lists": [m.slug for m in left]}


def _show_subscriptions(ctx: InboundContext) -> dict[str, Any]:
    current = [s.mailing_list for s in services.active_subscriptions(ctx.citizen)]
    available = services.active_lists(ctx.municipality)
    if current:
        text = _("Risulta iscritto a %(lists)s. Per cancellarsi scriva «%(stop)s».") % {
            "lists": _labels(current),
            "stop": services.command_phrase(ctx.municipality, KeywordCommand.Action.UNSUBSCRIBE) or "STOP",
        }
    else:
        text = _("Non risulta iscritto a nessuna lista. Liste disponibili: %(lists)s. Per iscriversi scriva «%(join)s».") % {
            "lists": _labels(available) or _("nessuna"),
            "join": services.command_phrase(ctx.municipality, KeywordCommand.Action.SUBSCRIBE),
        }
    services.reply(ctx, text)
    return {"outcome": "listed", "lists": [m.slug for m in current]}


def _consent_tap(ctx: InboundContext, choice: str, title: str) -> dict[str, Any] | None:
    try:
        request_id, answer = choice[len(services.CONSENT_PREFIX):].split(":")
        request = ConsentRequest.objects.select_related("policy").get(pk=int(request_id), citizen=ctx.citizen)
    except (ValueError, ConsentRequest.DoesNotExist):
        return None
    return _answer_consent(ctx, request, answer == services.ACCEPT_ID, title or answer)


def _typed_consent_answer(ctx: InboundContext, text: str) -> dict[str, Any] | None:
    accepted = is_one_of(text, ACCEPT_WORDS)
    declined = not accepted and is_one_of(text, DECLINE_WORDS)
    if not (accepted or declined):
        return None
    request = (
        ConsentRequest.objects.select_related("policy")
        .filter(citizen=ctx.citizen, answered_at__isnull=True).order_by("-created_at", "-id").first()
    )
    if request is None:
        return None
    return _answer_consent(ctx, request, accepted, text)


def _answer_consent(ctx: InboundContext, request: ConsentRequest, accepted: bool, words: str) -> dict[str, Any]:
    result: dict[str, Any] = {"action": "consent", "consent_request": request.pk}
    if request.answered_at is not None:
        services.reply(ctx, _(
            "Questa richiesta è già stata registrata. Per iscriversi di nuovo scriva «%(join)s»."
        ) % {"join": services.command_phrase(ctx.municipality, KeywordCommand.Action.SUBSCRIBE)})
        return {**result, "outcome": "stale"}
    at = ctx.inbound.sent_at
    record = services.record_consent(request, accepted, at=at, words=words, channel=ctx.account.channel)
    lists = list(request.lists.all())
    if not accepted:
        service = services.policy_for(ctx.municipality)
        template = (service.consent_declined_text if service else "") or _(
            "Va bene: senza l'accettazione dell'informativa non possiamo iscriverLa. Può comunque scriverci "
            "qui per informazioni."
        )
        services.reply(ctx, services.render(template, ctx.municipality, liste=_labels(lists)))
        return {**result, "outcome": "declined", "consent": record.pk}
    services.subscribe(ctx.citizen, lists, at=at, consent=record, account=ctx.account)
    _welcome(ctx, request.command, lists)
    return {**result, "outcome": "accepted", "consent": record.pk, "lists": [m.slug for m in lists]}


# -- office hours and channel mode -------------------------------------------------------------------------------
def office_hours_and_mode(ctx: InboundContext) -> None:
    if not _applies(ctx):
        return
    channel = services.channel_policy_for(ctx.account)
    service = services.policy_for(ctx.municipality)
    local = services.local_time(ctx.municipality, ctx.inbound.sent_at)
    if channel is not None and channel.mode == ChannelPolicy.Mode.OUTBOUND_ONLY:
        _outbound_only(ctx, channel, local)
        return
    if _redirect(ctx, channel, service):
        return
    if service is not None:
        _office_hours(ctx, service, local)


def _outbound_only(ctx: InboundContext, channel: ChannelPolicy, local: Any) -> None:
    before = services.waiting_before(ctx.message)
    text = services.render(channel.outbound_only_text or _(
        "Questo canale {canale} del {comune} serve solo a inviare informazioni e non riceve messaggi. "
        "Per comunicare con il Comune usi il telefono, l'e-mail o il sito."
    ), ctx.municipality, canale=channel_label(ctx.account))
    sent = services.auto_reply_once(ctx, AutoReply.Kind.OUTBOUND_ONLY, local.date().isoformat(), text)
    # Nobody answers on an outbound-only number: the message is kept, not queued for operators.
    services.set_waiting(ctx.conversation, before)
    services.mark_message(ctx.message, handled="outbound_only")
    ctx.notes["outbound_only"] = {"replied": bool(sent)}


def _redirect(ctx: InboundContext, channel: ChannelPolicy | None, service: Any) -> bool:
    text = ctx.message.text
    if not text:
        return False
    from sportello.intent import IntentConfig, RedirectRule, decide_redirect

    rules = []
    if channel is not None and channel.mode == ChannelPolicy.Mode.INFO_ONLY and channel.report_redirect_text:
        rules.append(RedirectRule("reports", frozenset({"report", "complaint"}), channel.report_redirect_text))
    redirects = configcache.cached("policies.redirects", ctx.municipality.pk, lambda: list(
        Redirect.objects.filter(municipality=ctx.municipality, active=True).order_by("id")))
    for redirect in redirects:
        kinds = {"report", "complaint"} if redirect.kind == Redirect.Kind.REPORT else {"booking"}
        rules.append(RedirectRule(f"redirect:{redirect.pk}", frozenset(kinds), redirect.text,
                                  topics=tuple(str(t) for t in (redirect.topics or []))))
    if not rules:
        return False
    config = IntentConfig(
        extra_report_keywords=tuple(service.report_keywords or ()) if service else (),
        extra_booking_keywords=tuple(service.booking_keywords or ()) if service else (),
    )
    from sportello.learning.services import kind_classifier

    decision = decide_redirect(text, rules, config, classifier=kind_classifier(ctx.municipality.pk, config))
    if not decision.redirect:
        if decision.abstained:  # unsure: no redirect; the operator sees the hint
            ctx.notes["redirect_unsure"] = {"rule": decision.rule.name if decision.rule else "", "p": decision.probability}
            services.mark_message(ctx.message, redirect_unsure=decision.rule.name if decision.rule else "")
        return False
    before = services.waiting_before(ctx.message)
    services.reply(ctx, services.render(decision.rule.target, ctx.municipality))
    services.set_waiting(ctx.conversation, before)
    info = {"rule": decision.rule.name, "kind": decision.verdict.kind, "p": decision.probability}
    services.mark_message(ctx.message, handled="redirected", redirect=decision.rule.name)
    ctx.notes["redirect"] = info
    audit("policy.redirected", municipality=ctx.municipality, target=ctx.message, **info)
    return True


def _office_hours(ctx: InboundContext, service: Any, local: Any) -> None:
    schedule = services.schedule_for(service)
    if not schedule.intervals or schedule.is_open(local):
        return  # no hours configured means always open
    # The automatic replies below leave the message waiting for an operator (still_waiting).
    if service.emergency_active:
        ctx.notes["office_closed"] = {"emergency": True}
        if service.emergency_text and service.emergency_since:
            sent = services.auto_reply_once(
                ctx, AutoReply.Kind.EMERGENCY, service.emergency_since.isoformat(),
                services.render(service.emergency_text, ctx.municipality), still_waiting=True,
            )
            ctx.notes["auto_reply"] = {"kind": "emergency", "sent": bool(sent)}
        return
    reopens = schedule.next_opening(local)
    closure = schedule.closure_at(local)
    ctx.notes["office_closed"] = {"reopens": reopens.isoformat() if reopens else None,
                                  "closure": closure.name if closure else ""}
    if not service.closed_reply_enabled:
        return
    from sportello.policies.hours import format_reopening

    when = format_reopening(reopens, local) if reopens else _("appena possibile")
    template = (closure.reply_text if closure else "") or service.closed_reply_text or _(
        "Grazie per averci scritto. In questo momento l'{ufficio} è chiuso. Riapriamo {riapertura}: il suo "
        "messaggio è stato ricevuto e le risponderemo appena possibile."
    )
    sent = services.auto_reply_once(
        ctx, AutoReply.Kind.CLOSED, reopens.isoformat() if reopens else "none",
        services.render(template, ctx.municipality, riapertura=when), still_waiting=True,
    )
    ctx.notes["auto_reply"] = {"kind": "closed", "sent": bool(sent)}
    if sent:
        services.mark_message(ctx.message, auto_reply="closed")
