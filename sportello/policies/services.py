"""The policies app's services: reading a municipality's rules, subscriptions and consent, automatic replies.

Pipeline steps (`pipeline.py`), the admin and the presets call these. Every decision is taken on the time the
citizen sent the message, in the municipality's time zone, and every read goes to the database (no cache), so
what an administrator changes applies to the next message.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sportello.core import build, configcache, inserts
from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.batch import is_new as is_new_citizen
from sportello.citizens.models import ConsentPolicy, ConsentRecord
from sportello.conversations import outbound
from sportello.conversations.models import Conversation, Message
from sportello.conversations.pipeline import hints, run
from sportello.core.audit import audit
from sportello.policies.hours import ClosurePeriod, Schedule
from sportello.policies.matching import CommandMatch, CommandSpec, match_command, tag_key
from sportello.policies.models import (
    AutoReply,
    ChannelPolicy,
    Closure,
    ConsentRequest,
    KeywordCommand,
    OpeningInterval,
    Redirect,
    ServicePolicy,
)

log = logging.getLogger(__name__)

ACCEPT_ID, DECLINE_ID = "accept", "decline"
CONSENT_PREFIX = "consent:"
INTERACTIVE_BODY_LIMIT = 1024


# -- reading the rules -------------------------------------------------------------------------------------------
def policy_for(municipality: Any) -> ServicePolicy | None:
    return configcache.cached(
        "policies.service", municipality.pk, lambda: ServicePolicy.objects.filter(municipality=municipality).first()
    )


def channel_policy_for(account: Any) -> ChannelPolicy | None:
    return configcache.cached(
        "policies.channel", account.pk, lambda: ChannelPolicy.objects.filter(account=account).first()
    )


def schedule_for(policy: ServicePolicy) -> Schedule:
    return configcache.cached("policies.schedule", policy.pk, lambda: _load_schedule(policy))


def _load_schedule(policy: ServicePolicy) -> Schedule:
    intervals: dict[int, list[tuple[Any, Any]]] = {}
    for interval in OpeningInterval.objects.filter(policy=policy).order_by("weekday", "opens"):
        intervals.setdefault(interval.weekday, []).append((interval.opens, interval.closes))
    closures = tuple(
        ClosurePeriod(c.name, c.starts, c.ends, c.every_year, c.reply_text)
        for c in Closure.objects.filter(policy=policy).order_by("starts")
    )
    patron = (policy.patron_month, policy.patron_day) if policy.patron_month and policy.patron_day else None
    return Schedule(
        intervals={k: tuple(v) for k, v in intervals.items()},
        national_holidays=policy.observe_national_holidays,
        subdivision=policy.holidays_subdivision.strip().upper(),
        patron=patron,
        patron_name=policy.patron_saint,
        closures=closures,
    )


def local_time(municipality: Any, moment: datetime) -> datetime:
    """The municipality's wall-clock time (naive) of an aware moment."""
    try:
        zone = ZoneInfo(municipality.timezone or "Europe/Rome")
    except Exception:  # noqa: BLE001 - a mistyped zone in the admin must not stop the pipeline
        zone = ZoneInfo("Europe/Rome")
    return moment.astimezone(zone).replace(tzinfo=None)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, municipality: Any, **values: Any) -> str:
    """Fill {comune}, {ufficio}, … in an administrator's text; unknown placeholders are left as written."""
    base = {
        "comune": municipality.name,
        "ufficio": municipality.office_name,
        "email": municipality.email,
        "telefono": municipality.phone,
        "sito": municipality.website,
    }
    try:
        return template.format_map(_Blank({**base, **values})).strip()
    except (ValueError, IndexError):  # a stray brace in the text: send it as written
        return template.strip()


def join_names(names: Sequence[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _("%(items)s e %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def list_label(mailing_list: MailingList) -> str:
    return f"«{mailing_list.name}»"


def tags_of(mailing_list: MailingList) -> list[str]:
    return [t if t.startswith("#") else f"#{t}" for t in (mailing_list.tags or [])]


def active_lists(municipality: Any) -> list[MailingList]:
    return configcache.cached("policies.lists", municipality.pk, lambda: list(
        MailingList.objects.filter(municipality=municipality, active=True).order_by("id")))


def tag_index(lists: Iterable[MailingList]) -> dict[str, MailingList]:
    index: dict[str, MailingList] = {}
    for mailing_list in lists:
        for tag in [*(mailing_list.tags or []), mailing_list.slug]:
            key = tag_key(str(tag))
            if key:
                index.setdefault(key, mailing_list)
    return index


# -- conversation bookkeeping ------------------------------------------------------------------------------------
def waiting_before(message: Message) -> datetime | None:
    """The conversation's waiting time as it was before this message arrived."""
    known = hints.waiting_before(message)  # the batched store knows it
    if known is not hints.UNKNOWN:
        return known
    waiting = Conversation.objects.filter(pk=message.conversation_id).values_list("waiting_since", flat=True).first()
    return None if waiting == message.sent_at else waiting


def set_waiting(conversation: Conversation, waiting: datetime | None) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(waiting_since=waiting)


def mark_message(message: Message, **policy: Any) -> None:
    """Record on the message what the service did with it (the console shows it)."""
    message.payload = {**(message.payload or {}), "policy": {**(message.payload or {}).get("policy", {}), **policy}}
    if hints.is_new_message(message):  # stored by this batch, held by the run: written with the run's others
        inserts.update_later(message, ("payload",))
    else:
        message.save(update_fields=["payload"])


def reply(ctx: Any, text: str, **kwargs: Any) -> Message | None:
    """An automatic text reply through the outbox; a refusal (window closed) is noted, not raised."""
    if not text.strip():
        return None
    try:
        return outbound.queue_text(ctx.conversation, text.strip()[: outbound.TEXT_LIMIT], **kwargs)
    except outbound.SendRefused as refused:
        ctx.notes.setdefault("replies_refused", []).append(refused.code)
        return None


def _answered_in_run(contexts: Sequence[Any], kind: str, period: str) -> set[tuple[int, int]]:
    """(account, citizen) of the run's known citizens who already got this reply; one query for the run."""
    known = {ctx.citizen.pk for ctx in contexts if not is_new_citizen(ctx.citizen)}
    if not known:
        return set()
    return set(AutoReply.objects.filter(kind=kind, period=period, citizen_id__in=known)
               .values_list("account_id", "citizen_id"))


def auto_reply_once(ctx: Any, kind: str, period: str, text: str, **kwargs: Any) -> Message | None | bool:
    """Send `text` unless this citizen already got a `kind` reply for `period`. False: already sent."""
    answered = run.shared(ctx, f"policies.auto_replies:{kind}:{period[:64]}",
                          lambda contexts: _answered_in_run(contexts, kind, period[:64]))
    if answered is not None and (ctx.account.pk, ctx.citizen.pk) in answered:
        return False
    # Created in this very transaction, or without a record as this batch sees them: no other can have answered
    # them (another worker answering them meanwhile fails the batch's insert, and the batch is retried message by
    # message through the path below).
    if is_new_citizen(ctx.citizen) or answered is not None:
        message = reply(ctx, text, keyless=True, **kwargs)  # the record below is written with it
        inserts.create_later(build.new(AutoReply, account=ctx.account, citizen=ctx.citizen, kind=kind,
                                       period=period[:64], message=message))
        return message
    try:
        with transaction.atomic():
            record = AutoReply.objects.create(account=ctx.account, citizen=ctx.citizen, kind=kind, period=period[:64])
    except IntegrityError:
        return False
    message = reply(ctx, text, **kwargs)
    if message is not None:
        AutoReply.objects.filter(pk=record.pk).update(message=message)
    return message


# -- subscriptions and consent -----------------------------------------------------------------------------------
def active_subscriptions(citizen: Any, lists: Iterable[MailingList] | None = None) -> list[Subscription]:
    qs = Subscription.objects.filter(citizen=citizen, active=True).select_related("mailing_list")
    if lists is not None:
        qs = qs.filter(mailing_list__in=list(lists))
    return list(qs.order_by("mailing_list_id"))


def subscribe(citizen: Any, lists: Iterable[MailingList], *, at: datetime, consent: ConsentRecord | None = None,
              source: str = "chat", account: Any = None) -> list[MailingList]:
    """Activate the citizen's subscription to each list; returns the lists newly joined. `account` is the channel
    account they joined through (the conversation's): campaigns reach them there."""
    joined = []
    for mailing_list in lists:
        subscription, created = Subscription.objects.get_or_create(
            mailing_list=mailing_list, citizen=citizen,
            defaults={"subscribed_at": at, "source": source, "consent": consent, "account": account},
        )
        if not created and subscription.active:
            continue
        if not created:
            subscription.active = True
            subscription.subscribed_at = at
            subscription.unsubscribed_at = None
            subscription.source = source
            subscription.consent = consent
            subscription.account = account or subscription.account
            subscription.save(
                update_fields=["active", "subscribed_at", "unsubscribed_at", "source", "consent", "account"]
            )
        joined.append(mailing_list)
        audit("subscription.created", municipality=mailing_list.municipality, target=subscription,
              list=mailing_list.slug, source=source)
    return joined


def unsubscribe(citizen: Any, lists: Iterable[MailingList], *, at: datetime, channel: str,
                words: str = "") -> list[MailingList]:
    """Deactivate the subscriptions; leaving a list joined under a policy records a withdrawal."""
    subscriptions = active_subscriptions(citizen, lists)
    for subscription in subscriptions:
        subscription.active = False
        subscription.unsubscribed_at = at
        subscription.save(update_fields=["active", "unsubscribed_at"])
        audit("subscription.ended", municipality=subscription.mailing_list.municipality, target=subscription,
              list=subscription.mailing_list.slug)
    left = [s.mailing_list for s in subscriptions]
    consented = [s for s in subscriptions if s.mailing_list.requires_consent]
    if consented:
        basis = next((s.consent for s in consented if s.consent_id), None) or latest_acceptance(citizen)
        policy = basis.policy if basis is not None else None
        record = ConsentRecord.objects.create(
            citizen=citizen, policy=policy,
            policy_version=policy.version if policy else None, policy_hash=policy.text_hash if policy else "",
            action=ConsentRecord.Action.WITHDRAWN, at=at, channel=channel, words=words,
            lists=[s.mailing_list.slug for s in consented], source="chat",
        )
        audit("consent.withdrawn", municipality=citizen.municipality, target=record, lists=record.lists)
    return left


def latest_acceptance(citizen: Any) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(citizen=citizen, action=ConsentRecord.Action.ACCEPTED)
        .select_related("policy").order_by("-at", "-id").first()
    )


def valid_consent(citizen: Any, mailing_list: MailingList) -> ConsentRecord | None:
    """An acceptance that covers this list's kind and was not followed by a withdrawal.

    Consent is tied to the policy version accepted: a later version that adds a kind of list needs a new
    acceptance for that kind (no silent re-use), and after leaving, joining again asks again.
    """
    withdrawn_at = ConsentRecord.objects.filter(citizen=citizen, action=ConsentRecord.Action.WITHDRAWN).aggregate(
        last=Max("at")
    )["last"]
    accepted = ConsentRecord.objects.filter(citizen=citizen, action=ConsentRecord.Action.ACCEPTED).select_related("policy")
    if withdrawn_at is not None:
        accepted = accepted.filter(at__gt=withdrawn_at)
    for record in accepted.order_by("-at", "-id"):
        if record.policy is not None and mailing_list.category in (record.policy.list_kinds or []):
            return record
    return None


def policy_covering(municipality: Any, lists: Sequence[MailingList]) -> ConsentPolicy | None:
    """The newest policy in force that covers every kind of these lists."""
    kinds = {mailing_list.category for mailing_list in lists}
    for policy in ConsentPolicy.objects.filter(municipality=municipality, active=True).order_by("-version"):
        if kinds <= set(policy.list_kinds or []):
            return policy
    return None


def consent_buttons(policy: Any, service: ServicePolicy | None, request: ConsentRequest, lists: Sequence[MailingList],
                    municipality: Any, include_text: bool) -> dict[str, Any]:
    question = render(
        (service.consent_question_text if service else "")
        or _("Per iscriversi a {liste} deve accettare l'informativa. La accetta?"),
        municipality, liste=join_names([list_label(m) for m in lists]),
    )
    body = f"*{policy.title}*\n\n{policy.text.strip()}\n\n{question}" if include_text else question
    return {
        "type": "button",
        "body": {"text": body[:INTERACTIVE_BODY_LIMIT]},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": f"{CONSENT_PREFIX}{request.pk}:{ACCEPT_ID}", "title": _("Accetto")}},
                {"type": "reply", "reply": {"id": f"{CONSENT_PREFIX}{request.pk}:{DECLINE_ID}", "title": _("Non accetto")}},
            ]
        },
    }


def ask_consent(ctx: Any, policy: ConsentPolicy, lists: Sequence[MailingList], command: KeywordCommand | None,
                words: str) -> ConsentRequest:
    """Send the policy with «Accetto» / «Non accetto» buttons; only an acceptance subscribes."""
    ConsentRequest.objects.filter(citizen=ctx.citizen, answered_at__isnull=True).update(
        answered_at=ctx.inbound.sent_at, answer="superseded"
    )
    request = ConsentRequest.objects.create(
        municipality=ctx.municipality, citizen=ctx.citizen, account=ctx.account, policy=policy, command=command,
        words=words, created_at=ctx.inbound.sent_at,
    )
    request.lists.set(lists)
    service = policy_for(ctx.municipality)
    single = consent_buttons(policy, service, request, lists, ctx.municipality, include_text=True)
    fits = len(single["body"]["text"]) < INTERACTIVE_BODY_LIMIT and len(policy.text) + len(policy.title) < 900
    try:
        if not fits:  # the policy in full first (a button message body holds 1,024 characters)
            text = f"*{policy.title}*\n\n{policy.text.strip()}"
            for start in range(0, len(text), outbound.TEXT_LIMIT):
                outbound.queue_text(ctx.conversation, text[start : start + outbound.TEXT_LIMIT])
        interactive = single if fits else consent_buttons(policy, service, request, lists, ctx.municipality, False)
        outbound.queue_message(ctx.conversation, "interactive", payload={"interactive": interactive})
    except outbound.SendRefused as refused:
        ctx.notes.setdefault("replies_refused", []).append(refused.code)
    audit("consent.requested", municipality=ctx.municipality, target=request, policy_version=policy.version,
          lists=[m.slug for m in lists])
    return request


def record_consent(request: ConsentRequest, accepted: bool, *, at: datetime, words: str, channel: str) -> ConsentRecord:
    policy = request.policy
    record = ConsentRecord.objects.create(
        citizen=request.citizen, policy=policy, policy_version=policy.version, policy_hash=policy.text_hash,
        action=ConsentRecord.Action.ACCEPTED if accepted else ConsentRecord.Action.DECLINED,
        at=at, channel=channel, words=words, lists=[m.slug for m in request.lists.all()], source="chat",
    )
    request.answered_at = at
    request.answer = "accepted" if accepted else "declined"
    request.save(update_fields=["answered_at", "answer"])
    audit("consent.accepted" if accepted else "consent.declined", municipality=request.municipality, target=record,
          policy_version=policy.version, lists=record.lists)
    return record


def current_bulletin(municipality: Any) -> str:
    """Today's bulletin text from the broadcasts app, when it provides one (checked at run time)."""
    try:
        module = importlib.import_module("sportello.broadcasts.bulletin")
    except ImportError:
        return ""
    function = getattr(module, "current_bulletin_text", None)
    if not callable(function):
        return ""
    try:
        return str(function(municipality) or "")
    except Exception:
        log.exception("current_bulletin_text failed for %s", municipality)
        return ""


# -- commands ----------------------------------------------------------------------------------------------------
@dataclass
class Found:
    command: KeywordCommand
    match: CommandMatch
    tags: dict[str, MailingList]


def find_command(municipality: Any, text: str) -> Found | None:
    commands, specs, tags = configcache.cached("policies.command_specs", municipality.pk,
                                               lambda: _command_specs(municipality))
    if not commands:
        return None
    match = match_command(text, specs, tags)
    if match is None:
        return None
    return Found(commands[match.key], match, tags)


def _command_specs(municipality: Any) -> tuple[dict[int, KeywordCommand], list[CommandSpec], dict[str, MailingList]]:
    """The town's commands as the matcher reads them, parsed once per configuration, not once per message."""
    commands = {c.pk: c for c in KeywordCommand.objects.filter(municipality=municipality, active=True).order_by("id")}
    specs = [CommandSpec.build(pk, c.phrase_list(), c.accepts_tags) for pk, c in commands.items()]
    return commands, specs, tag_index(active_lists(municipality))


def command_phrase(municipality: Any, action: str) -> str:
    command = KeywordCommand.objects.filter(municipality=municipality, active=True, action=action).order_by("id").first()
    return command.phrase_list()[0] if command and command.phrase_list() else ""


configcache.watch(ServicePolicy, OpeningInterval, Closure, ChannelPolicy, Redirect, KeywordCommand, MailingList)
