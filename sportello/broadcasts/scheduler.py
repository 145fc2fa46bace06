"""Time-driven work, with the clock passed in: scheduled campaigns start, recurring series spawn occurrences.

`tick(now)` is called by every sender about once a second; it is idempotent and safe with several senders (rows
are locked and states re-checked). If the senders were down across several occurrences of a series, only the
latest missed one is sent when they come back (a twice-weekly digest is not sent three times in a row).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format


from sportello.broadcasts.models import Campaign, NewsItem

log = logging.getLogger("sportello.broadcasts.scheduler")


def _tz(campaign: Campaign) -> ZoneInfo:
    try:
        return ZoneInfo(campaign.municipality.timezone or "Europe/Rome")
    except Exception:  # noqa: BLE001
        return ZoneInfo("Europe/Rome")


def next_occurrence(campaign: Campaign, after: datetime) -> datetime | None:
    """The first occurrence strictly after `after`: recurrence {"weekdays": [1, 4], "time": "10:00"} (Monday=0)."""
    rule = campaign.recurrence or {}
    weekdays = sorted({int(d) for d in rule.get("weekdays", range(7))})
    hours, minutes = (int(x) for x in str(rule.get("time", "10:00")).split(":"))
    if not weekdays:
        return None
    tz = _tz(campaign)
    local = after.astimezone(tz)
    for offset in range(0, 8):
        day = local.date() + timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        candidate = datetime.combine(day, time(hours, minutes), tzinfo=tz)
        if candidate > after:
            return candidate
    return None


def tick(now: datetime | None = None) -> dict[str, int]:
    from sportello.broadcasts import services

    now = now or timezone.now()
    done = {"started": 0, "occurrences": 0}
    for series_id in Campaign.objects.filter(state=Campaign.State.RECURRING, next_run_at__lte=now).values_list("pk", flat=True):
        if spawn_occurrence(series_id, now) is not None:
            done["occurrences"] += 1
    due = Campaign.objects.filter(state=Campaign.State.SCHEDULED).filter(Q(send_at__isnull=True) | Q(send_at__lte=now))
    for campaign_id in due.values_list("pk", flat=True):
        try:
            services.start(campaign_id, now)
            done["started"] += 1
        except services.CampaignError as exc:
            log.warning("campaign %s cannot start: %s", campaign_id, exc)
    return done


def _news_text(series: Campaign, items: list[NewsItem]) -> str:
    lines = [series.text.strip()] if series.text.strip() else []
    for item in items:
        entry = f"• {item.title}"
        if item.text:
            entry += f"\n{item.text.strip()}"
        if item.link:
            entry += f"\n{item.link}"
        lines.append(entry)
    return "\n\n".join(lines)[:4000]


def spawn_occurrence(series_id: int, now: datetime) -> Campaign | None:
    """One occurrence of a recurring series, already approved by the series' approval; None if nothing to say."""
    from sportello.broadcasts.bulletin import current_bulletin_text, current_notices

    with transaction.atomic():
        series = Campaign.objects.select_for_update().select_related("municipality").get(pk=series_id)
        if series.state != Campaign.State.RECURRING or series.next_run_at is None or series.next_run_at > now:
            return None
        at = series.next_run_at
        series.next_run_at = next_occurrence(series, now)
        series.save(update_fields=["next_run_at"])
        when = date_format(timezone.localtime(at, _tz(series)).date(), "j F Y")
        text, items = series.text, []
        if series.source == "news":
            items = list(
                NewsItem.objects.filter(municipality=series.municipality, sent_in__isnull=True, queued_at__lte=now)
                .filter(Q(series=series) | Q(series__isnull=True))
                .order_by("queued_at", "pk")
            )
            if not items:
                log.info("series %s: no news queued for %s, nothing sent", series.pk, at)
                return None
            text = _news_text(series, items)
        elif series.source == "bulletin":
            if not current_notices(series.municipality, timezone.localtime(at, _tz(series)).date()):
                return None
            text = current_bulletin_text(series.municipality, timezone.localtime(at, _tz(series)).date())
        occurrence = Campaign.objects.create(
            municipality=series.municipality, title=f"{series.title} — {when}", category=series.category,
            text=text, link=series.link, media=series.media, media_kind=series.media_kind, template=series.template,
            template_params=series.template_params, state=Campaign.State.SCHEDULED, send_at=at, series=series,
            created_by=series.created_by, approved_by=series.approved_by, approved_at=series.approved_at,
            source="text",
        )
        occurrence.lists.set(series.lists.all())
        if items:
            NewsItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_in=occurrence)
    log.info("series %s: occurrence %s for %s", series_id, occurrence.pk, at)
    return occurrence


