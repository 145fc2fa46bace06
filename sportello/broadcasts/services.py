"""Lists and campaigns: who receives a campaign, approval, capacity, lifecycle, import of existing opt-ins.

Plain functions called by the admin, the pages, the scheduler and the sender. The sender itself is in
`sender.py`; statuses for campaign sends land in `delivery_status.py`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from django.db.models.expressions import RawSQL

from sportello.broadcasts.models import Campaign, Delivery, MailingList, Subscription
from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.citizens.models import Citizen, ConsentRecord
from sportello.citizens.phones import InvalidPhoneNumber, normalize_phone
from sportello.connectors.base import CampaignCapacity, campaign_capacity_of
from sportello.connectors.registry import get_connector
from sportello.conversations.channel import account_label
from sportello.core.audit import audit
from sportello.municipalities.models import ChannelAccount, StaffMembership
from sportello.municipalities.roles import has_role

# A campaign to more citizens than this needs a second staff member's approval (emergencies: one supervisor).
APPROVAL_THRESHOLD = int(getattr(settings, "SPORTELLO_BROADCAST_APPROVAL_THRESHOLD", 500))


class CampaignError(Exception):
    pass


# -- audience -------------------------------------------------------------------------------------------------
def _audience_sql(campaign: Campaign, list_ids: list[int] | None = None) -> tuple[str, list[Any]]:
    """SELECT of the distinct citizens a campaign reaches, with the channel account each is reached on: active
    subscription to one of its lists, consent given and not withdrawn since (for lists that require it), not
    blocked, through an active account. One row (citizen_id, account_id) per citizen.

    The account is the one the citizen joined through; a subscription recorded without one (before channels were
    tracked) goes through the municipality's first active account.
    """
    if list_ids is None:
        list_ids = list(campaign.lists.values_list("pk", flat=True))
    list_ids = list_ids or [0]
    s, ml, c, cr, ca = (
        Subscription._meta.db_table,
        MailingList._meta.db_table,
        Citizen._meta.db_table,
        ConsentRecord._meta.db_table,
        ChannelAccount._meta.db_table,
    )
    placeholders = ",".join(["%s"] * len(list_ids))
    channels = [str(c) for c in (campaign.channels or [])]
    channel_filter = f"AND a.channel IN ({','.join(['%s'] * len(channels))})" if channels else ""
    sql = f"""
        SELECT s.citizen_id, MIN(a.id) AS account_id FROM {s} s
        JOIN {ml} l ON l.id = s.mailing_list_id
        JOIN {c} c ON c.id = s.citizen_id
        JOIN {ca} a ON a.id = COALESCE(s.account_id, (
                SELECT MIN(f.id) FROM {ca} f WHERE f.municipality_id = l.municipality_id AND f.active))
            AND a.active AND a.municipality_id = l.municipality_id
        LEFT JOIN {cr} cr ON cr.id = s.consent_id
        WHERE s.mailing_list_id IN ({placeholders}) AND s.active AND l.active AND l.municipality_id = %s
          AND c.municipality_id = %s AND c.blocked_at IS NULL {channel_filter}
          AND NOT EXISTS (SELECT 1 FROM privacy_citizenprivacy p  -- restriction of processing (art. 18)
                WHERE p.citizen_id = c.id AND p.restricted_at IS NOT NULL)
          AND (NOT l.requires_consent OR (cr.id IS NOT NULL AND cr.action = 'accepted' AND NOT EXISTS (
                SELECT 1 FROM {cr} w WHERE w.citizen_id = s.citizen_id AND w.action = 'withdrawn' AND w.at > cr.at)))
        GROUP BY s.citizen_id
    """
    return sql, [*list_ids, campaign.municipality_id, campaign.municipality_id, *channels]


def audience_size(campaign: Campaign) -> int:
    sql, params = _audience_sql(campaign)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) a", params)
        return int(cursor.fetchone()[0])


def audience_by_account(campaign: Campaign, list_ids: list[int] | None = None) -> dict[int, int]:
    """Recipients per channel account (account id → citizens); `list_ids` instead of the campaign's own lists
    (a composer asking before it saves)."""
    sql, params = _audience_sql(campaign, list_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT a.account_id, COUNT(*) FROM ({sql}) a GROUP BY a.account_id", params)
        return {int(account_id): int(n) for account_id, n in cursor.fetchall()}


def _audience_on(campaign: Campaign, account_id: int) -> Any:
    """The recipients reached on one account, as a queryset of citizens (for the connector's capacity)."""
    sql, params = _audience_sql(campaign)
    return Citizen.objects.filter(
        pk__in=RawSQL(f"SELECT a.citizen_id FROM ({sql}) a WHERE a.account_id = %s", [*params, account_id])
    )



@dataclass
class ChannelCapacity:
    account: ChannelAccount
    label: str
    capacity: CampaignCapacity


@dataclass
class Capacity:
    recipients: int
    open_window: int  # free-form, not counted against any messaging limit
    need_template: int
    tier_limit: int | None  # the sum of the accounts' own daily limits (None: no account has one)
    tier_remaining: int | None
    fit_today: int
    wait: int
    channels: list[ChannelCapacity] = field(default_factory=list)


def capacity(campaign: Campaign, now: datetime | None = None) -> Capacity:
    """Before approval, per channel account: recipients, who gets the free form or the template, and how many fit
    in the account's own limit today (each connector says; most channels have no limit)."""
    now = now or timezone.now()
    counts = audience_by_account(campaign)
    accounts = ChannelAccount.objects.in_bulk(list(counts))
    channels = []
    for account_id in sorted(counts):
        account = accounts[account_id]
        try:
            connector = get_connector(account.channel)
            cap = campaign_capacity_of(connector, account, _audience_on(campaign, account_id), now)
        except LookupError:  # a channel without a connector in this installation
            cap = CampaignCapacity(counts[account_id], 0, 0, fit_now=0, wait=counts[account_id])
        channels.append(ChannelCapacity(account, account_label(account), cap))
    limited = [c.capacity for c in channels if c.capacity.limit is not None]
    return Capacity(
        recipients=sum(c.capacity.recipients for c in channels),
        open_window=sum(c.capacity.free for c in channels),
        need_template=sum(c.capacity.need_template for c in channels),
        tier_limit=sum(c.limit or 0 for c in limited) if limited else None,
        tier_remaining=sum(c.remaining or 0 for c in limited) if limited else None,
        fit_today=sum(c.capacity.fit_now for c in channels),
        wait=sum(c.capacity.wait for c in channels),
        channels=channels,
    )


@dataclass
class ChannelEstimate:
    label: str
    recipients: int
    rate: float | None  # sends per second on this account (None: no pace known)
    seconds: float  # to send what fits today at that pace
    wait: int  # recipients left for when the account's daily limit frees up (WhatsApp's messaging tier)


def send_estimate(found: Capacity) -> tuple[list[ChannelEstimate], float]:
    """How long the sending takes, per channel account at its own pace (the number's throughput for WhatsApp),
    and overall: accounts send side by side, so the slowest decides. Recipients over a daily limit are not
    counted: they wait for the limit, shown apart."""
    from sportello.broadcasts.sender import FALLBACK_RATE
    from sportello.connectors.base import campaign_rate

    rows = []
    for channel in found.channels:
        try:
            rate = campaign_rate(get_connector(channel.account.channel), channel.account)
        except (LookupError, ObjectDoesNotExist):  # no connector here, or an account without its settings
            rate = None
        pace = rate or FALLBACK_RATE
        rows.append(ChannelEstimate(channel.label, channel.capacity.recipients, rate,
                                    channel.capacity.fit_now / pace if pace else 0.0, channel.capacity.wait))
    return rows, max((r.seconds for r in rows), default=0.0)


# -- approval and lifecycle ---------------------------------------------------------------------------------
def needs_approval(campaign: Campaign, size: int | None = None) -> bool:
    if campaign.category == Campaign.Category.EMERGENCY:
        return True  # by a supervisor, who may be the author
    size = audience_size(campaign) if size is None else size
    return size > APPROVAL_THRESHOLD


def can_approve(campaign: Campaign, user: Any) -> bool:
    if not has_role(user, campaign.municipality_id, StaffMembership.Role.OPERATOR):
        return False
    if campaign.category == Campaign.Category.EMERGENCY and has_role(
        user, campaign.municipality_id, StaffMembership.Role.SUPERVISOR
    ):
        return True
    return campaign.created_by_id is not None and campaign.created_by_id != user.pk


def channels_needing_template(channels: Any) -> list[str]:
    """Those of `channels` whose connector accepts only an approved template at times (WhatsApp's closed window):
    it lists the codes that say so."""
    found = []
    for channel in dict.fromkeys(channels):
        try:
            if getattr(get_connector(channel), "template_required_codes", ()):
                found.append(channel)
        except LookupError:
            continue
    return found


def audience_channels(campaign: Campaign, list_ids: list[int] | None = None) -> list[str]:
    """The channels the campaign's recipients are reached on (empty when it has no recipient yet)."""
    accounts = audience_by_account(campaign, list_ids) if (campaign.pk or list_ids is not None) else {}
    return sorted(set(ChannelAccount.objects.filter(pk__in=list(accounts)).values_list("channel", flat=True)))


def template_needed(campaign: Campaign, list_ids: list[int] | None = None) -> bool:
    """Does the audience include a channel that accepts only an approved template at times (WhatsApp's closed
    window)? With no recipient yet, the municipality's active channels (limited to the campaign's) decide.
    `list_ids`: the lists a composer has ticked, before the campaign is saved."""
    channels = audience_channels(campaign, list_ids)
    if channels:
        return bool(channels_needing_template(channels))
    for channel in ChannelAccount.objects.filter(municipality_id=campaign.municipality_id, active=True).values_list(
        "channel", flat=True
    ).distinct():
        if campaign.channels and channel not in campaign.channels:
            continue
        try:
            if getattr(get_connector(channel), "template_required_codes", ()):
                return True
        except LookupError:
            continue
    return False


_template_needed = template_needed  # the name the sender's tests and older callers use


def _check_sendable(campaign: Campaign) -> None:
    if not campaign.lists.exists():
        raise CampaignError(_("Scegliere almeno una lista."))
    if campaign.template_id is None:
        if _template_needed(campaign):
            raise CampaignError(_("Scegliere il modello approvato per chi ha la finestra di 24 ore chiusa."))
    elif campaign.template.account.municipality_id != campaign.municipality_id:
        raise CampaignError(_("Il modello scelto appartiene a un altro comune."))
    elif not campaign.template.approved:
        raise CampaignError(_("Il modello scelto non risulta approvato."))
    if campaign.source == "text" and not (campaign.text or campaign.media):
        raise CampaignError(_("Il messaggio è vuoto."))


def submit(campaign: Campaign, user: Any, now: datetime | None = None) -> Campaign:
    """The author asks to send (now, at `send_at`, or on its recurrence): approval first when required."""
    if campaign.state != Campaign.State.DRAFT:
        raise CampaignError(_("Solo una bozza può essere inviata."))
    _check_sendable(campaign)
    if campaign.created_by_id is None and getattr(user, "is_authenticated", False):
        campaign.created_by = user
    if needs_approval(campaign):
        campaign.state = Campaign.State.AWAITING_APPROVAL
    else:
        _release(campaign, now)
    campaign.save()
    audit("campaign.submitted", actor=user, municipality=campaign.municipality, target=campaign, state=campaign.state)
    return campaign


def approve(campaign: Campaign, user: Any, now: datetime | None = None) -> Campaign:
    if campaign.state != Campaign.State.AWAITING_APPROVAL:
        raise CampaignError(_("Questa campagna non è in attesa di approvazione."))
    if not can_approve(campaign, user):
        raise CampaignError(
            _("Serve l'approvazione di un secondo membro dello staff (per le emergenze basta un supervisore).")
        )
    campaign.approved_by = user
    campaign.approved_at = now or timezone.now()
    _release(campaign, now)
    campaign.save()
    audit("campaign.approved", actor=user, municipality=campaign.municipality, target=campaign)
    return campaign


def _release(campaign: Campaign, now: datetime | None) -> None:
    from sportello.broadcasts.scheduler import next_occurrence

    if campaign.recurrence:
        campaign.state = Campaign.State.RECURRING
        campaign.next_run_at = next_occurrence(campaign, now or timezone.now())
    else:
        campaign.state = Campaign.State.SCHEDULED


def start(campaign_id: int, now: datetime | None = None, actor: Any = None) -> int:
    """Materialise the recipients of a scheduled campaign (one Delivery per citizen) and start sending.

    One transaction: either every recipient is in the outbox and the campaign is `sending`, or nothing changed.
    Returns the number of recipients.
    """
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("municipality").get(pk=campaign_id)
        if campaign.state != Campaign.State.SCHEDULED:
            return 0
        sql, params = _audience_sql(campaign)
        table = Delivery._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} (campaign_id, citizen_id, account_id, priority, state, mode, attempts,
                        next_attempt_at, claim_token, external_key, error_title, extra_copies)
                    SELECT %s, a.citizen_id, a.account_id, %s, 'queued', '', 0, %s, '', '', '', 0 FROM ({sql}) a""",
                [campaign.pk, campaign.priority, connection.ops.adapt_datetimefield_value(now), *params],
            )
            count = cursor.rowcount
        campaign.recipients_count = count
        campaign.state = Campaign.State.SENDING
        campaign.started_at = now
        campaign.save(update_fields=["recipients_count", "state", "started_at"])
        audit("campaign.started", actor=actor, municipality=campaign.municipality, target=campaign, recipients=count)
    from sportello.broadcasts import sender

    transaction.on_commit(sender.wake)
    return count


def start_now(campaign: Campaign, user: Any) -> int:
    """A supervisor sends a scheduled campaign now rather than at its time (returns the recipients)."""
    _require_supervisor(campaign, user)
    if campaign.state != Campaign.State.SCHEDULED:
        raise CampaignError(_("Si può avviare solo una campagna programmata (approvata, se serviva)."))
    count = start(campaign.pk, actor=user)
    campaign.refresh_from_db()
    return count


def _require_supervisor(campaign: Campaign, user: Any) -> None:
    """Stopping or restarting a campaign others prepared is a supervisor's decision (the system may always)."""
    if user is not None and not has_role(user, campaign.municipality_id, StaffMembership.Role.SUPERVISOR):
        raise CampaignError(_("Solo un responsabile o un amministratore può sospendere, riprendere o annullare una campagna."))


def pause(campaign: Campaign, user: Any = None) -> None:
    _require_supervisor(campaign, user)
    updated = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.SENDING).update(state=Campaign.State.PAUSED)
    if not updated:
        raise CampaignError(_("Si può sospendere solo una campagna in invio."))
    audit("campaign.paused", actor=user, municipality=campaign.municipality, target=campaign)


def resume(campaign: Campaign, user: Any = None) -> None:
    _require_supervisor(campaign, user)
    updated = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.PAUSED).update(state=Campaign.State.SENDING)
    if not updated:
        raise CampaignError(_("Si può riprendere solo una campagna sospesa."))
    audit("campaign.resumed", actor=user, municipality=campaign.municipality, target=campaign)
    from sportello.broadcasts import sender

    sender.wake()


def cancel(campaign: Campaign, user: Any = None, now: datetime | None = None) -> int:
    """Stop a campaign: recipients not yet attempted are cancelled; sends already in flight finish."""
    _require_supervisor(campaign, user)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state in (Campaign.State.DONE, Campaign.State.CANCELLED):
            raise CampaignError(_("La campagna è già conclusa."))
        cancelled = Delivery.objects.filter(campaign=locked, state=Delivery.State.QUEUED).update(
            state=Delivery.State.CANCELLED, next_attempt_at=None
        )
        locked.state = Campaign.State.CANCELLED
        locked.finished_at = now
        locked.next_run_at = None
        locked.save(update_fields=["state", "finished_at", "next_run_at"])
        audit("campaign.cancelled", actor=user, municipality=locked.municipality, target=locked, cancelled=cancelled)
    campaign.refresh_from_db()
    return cancelled


def finish_completed(now: datetime | None = None) -> int:
    """Campaigns in `sending` with nothing left queued or in flight are done."""
    now = now or timezone.now()
    done = 0
    for campaign in Campaign.objects.filter(state=Campaign.State.SENDING):
        if not Delivery.objects.filter(
            campaign=campaign, state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]
        ).exists():
            done += Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.SENDING).update(
                state=Campaign.State.DONE, finished_at=now
            )
    return done


# -- what the citizen sees -------------------------------------------------------------------------------------
def _fields(campaign: Campaign) -> dict[str, str]:
    when = timezone.localtime(campaign.send_at or timezone.now())
    return {
        "titolo": campaign.title,
        "testo": campaign.text,
        "link": campaign.link,
        "comune": campaign.municipality.name,
        "data": date_format(when.date(), "j F Y"),
    }


def free_form_text(campaign: Campaign) -> str:
    parts = [p for p in (campaign.text.strip(), campaign.link) if p]
    return "\n\n".join(parts)[:4096]


def template_parameters(campaign: Campaign) -> list[str]:
    """The template's {{n}} values. WhatsApp refuses new lines, tabs and runs of spaces inside a parameter."""
    values = _fields(campaign)
    out = []
    for raw in campaign.template_params or []:
        text = str(raw)
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        text = " · ".join(line.strip() for line in text.splitlines() if line.strip())
        text = " ".join(text.replace("\t", " ").split())
        out.append(text[:1024] or "-")
    return out


def template_preview(campaign: Campaign) -> str:
    if campaign.template is None:
        return ""
    body = campaign.template.body
    for index, value in enumerate(template_parameters(campaign), start=1):
        body = body.replace("{{%d}}" % index, value)
    return body


# -- lists ---------------------------------------------------------------------------------------------------
def member_count(mailing_list: MailingList) -> int:
    return mailing_list.subscriptions.filter(active=True).count()


def growth(mailing_list: MailingList, days: int = 30, today: date | None = None) -> list[tuple[date, int]]:
    """Active members at the end of each of the last `days` days."""
    today = today or timezone.localdate()
    rows = []
    subs = Subscription.objects.filter(mailing_list=mailing_list)
    tz = timezone.get_current_timezone()
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
        count = subs.filter(Q(subscribed_at__lt=end) & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end))).count()
        rows.append((day, count))
    return rows


@dataclass
class ImportReport:
    imported: int = 0
    already: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def _parse_when(text: str) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    moment = parse_datetime(text) if ":" in text else None
    if moment is None:
        day = parse_date(text)
        if day is None:
            for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    day = datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
        if day is None:
            return None
        moment = datetime.combine(day, time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def import_optins(
    mailing_list: MailingList, data: str | bytes, actor: Any = None, account: ChannelAccount | None = None
) -> ImportReport:
    """Existing opt-ins from a CSV with a header: phone, date, evidence (also: telefono, data, evidenza/fonte).

    Each accepted row creates (or finds) the citizen through the identity service, a ConsentRecord holding the
    evidence and an active Subscription. Rows without a valid phone, a date or evidence are refused and
    reported, never guessed. A citizen who left the list after the recorded consent is not re-subscribed.
    The subscriptions are on `account` (default: the municipality's first active channel account).
    """
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(data))
    aliases = {
        "phone": ("phone", "telefono", "numero", "cellulare"),
        "date": ("date", "data", "consent_date", "data_consenso"),
        "evidence": ("evidence", "evidenza", "source", "fonte", "prova"),
        "name": ("name", "nome"),
    }
    report = ImportReport()
    municipality = mailing_list.municipality
    if account is None:
        account = ChannelAccount.objects.filter(municipality=municipality, active=True).order_by("pk").first()
    now = timezone.now()
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}

        def pick(key: str) -> str:
            return next((row[a] for a in aliases[key] if row.get(a)), "")

        try:
            phone = normalize_phone(pick("phone"))
        except InvalidPhoneNumber:
            report.refused.append((line, _("numero di telefono mancante o non valido")))
            continue
        when = _parse_when(pick("date"))
        evidence = pick("evidence")
        if when is None:
            report.refused.append((line, _("data del consenso mancante o non valida")))
            continue
        if when > now:
            report.refused.append((line, _("data del consenso nel futuro")))
            continue
        if not evidence:
            report.refused.append((line, _("manca la prova del consenso (fonte o testo)")))
            continue
        with transaction.atomic():
            citizen = resolve_citizen(municipality, SenderIdentity(phone=phone, name=pick("name")))
            existing = Subscription.objects.filter(mailing_list=mailing_list, citizen=citizen).first()
            if existing is not None and (existing.active or (existing.unsubscribed_at and existing.unsubscribed_at >= when)):
                if existing.active:
                    report.already += 1
                else:
                    report.refused.append((line, _("il cittadino si è cancellato dopo questo consenso")))
                continue
            consent = ConsentRecord.objects.create(
                citizen=citizen, action=ConsentRecord.Action.ACCEPTED, at=when, channel="import",
                words=evidence[:2000], lists=[mailing_list.slug], source="import",
            )
            if existing is None:
                Subscription.objects.create(
                    mailing_list=mailing_list, citizen=citizen, subscribed_at=when, source="import", consent=consent,
                    account=account,
                )
            else:
                existing.active, existing.unsubscribed_at, existing.consent = True, None, consent
                existing.subscribed_at, existing.source, existing.account = when, "import", account
                existing.save()
            report.imported += 1
    audit(
        "list.imported", actor=actor, municipality=municipality, target=mailing_list,
        imported=report.imported, already=report.already, refused=len(report.refused),
    )
    return report


# -- report ----------------------------------------------------------------------------------------------------
FUNNEL = ["queued", "sending", "accepted", "sent", "delivered", "read", "failed", "cancelled", "unknown"]


def funnel(campaign: Campaign) -> dict[str, Any]:
    counts = dict(
        Delivery.objects.filter(campaign=campaign).values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    total = sum(counts.values())
    reached = {
        "accepted": sum(counts.get(s, 0) for s in ("accepted", "sent", "delivered", "read")),
        "sent": sum(counts.get(s, 0) for s in ("sent", "delivered", "read")),
        "delivered": sum(counts.get(s, 0) for s in ("delivered", "read")),
        "read": counts.get("read", 0),
    }
    modes = dict(
        Delivery.objects.filter(campaign=campaign).exclude(mode="").values_list("mode").annotate(n=Count("id"))
        .values_list("mode", "n")
    )
    return {"total": total, "states": {s: counts.get(s, 0) for s in FUNNEL}, "reached": reached, "modes": modes,
            "channels": funnel_by_channel(campaign)}


def funnel_by_channel(campaign: Campaign) -> list[dict[str, Any]]:
    """Per channel account: recipients and how many were accepted, delivered, read, failed."""
    rows: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for account_id, state, n in (
        Delivery.objects.filter(campaign=campaign).values_list("account_id", "state").annotate(n=Count("id"))
        .values_list("account_id", "state", "n")
    ):
        rows[account_id][state] += n
    accounts = ChannelAccount.objects.in_bulk(list(rows))
    out = []
    for account_id in sorted(rows):
        counts = rows[account_id]
        out.append({
            "account": accounts[account_id], "label": account_label(accounts[account_id]),
            "total": sum(counts.values()),
            "accepted": sum(counts[s] for s in ("accepted", "sent", "delivered", "read")),
            "delivered": counts["delivered"] + counts["read"], "read": counts["read"], "failed": counts["failed"],
        })
    return out


def failures_by_reason(campaign: Campaign) -> list[dict[str, Any]]:
    return list(
        Delivery.objects.filter(campaign=campaign, state=Delivery.State.FAILED)
        .values("error_code", "error_title")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
