"""Pages of the broadcasts app: the public daily bulletin (page and Atom feed) and a campaign's recipients as CSV.
The console's campaign pages (composer, preview, actions, report) are in sportello.campaigns."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sportello.broadcasts.bulletin import current_bulletin_text, current_notices
from sportello.broadcasts.models import Campaign, Delivery, Notice
from sportello.core.audit_reads import audited_read
from sportello.core.security import csv_writer
from sportello.municipalities.models import Municipality
from sportello.municipalities.scoping import municipalities_for, public_town_or_404


# -- public bulletin ---------------------------------------------------------------------------------------------
def bulletin_index(request: HttpRequest) -> HttpResponse:
    towns = list(Municipality.objects.filter(notices__published=True).distinct().order_by("name"))
    if len(towns) == 1:
        return redirect("bulletin-page", slug=towns[0].slug)
    return render(request, "broadcasts/bulletin_index.html", {"towns": towns})


def bulletin_page(request: HttpRequest, slug: str) -> HttpResponse:
    town = public_town_or_404(slug)
    today = timezone.localdate()
    notices = list(current_notices(town, today))
    return render(
        request,
        "broadcasts/bulletin.html",
        {"town": town, "today": today, "notices": notices, "chat_text": current_bulletin_text(town, today)},
    )


class BulletinFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Municipality:  # type: ignore[override]
        return public_town_or_404(slug)

    def title(self, town: Municipality) -> str:
        return _("Bollettino del %(comune)s") % {"comune": town.name}

    def subtitle(self, town: Municipality) -> str:
        return _("Avvisi, bandi e scadenze in corso")

    def link(self, town: Municipality) -> str:
        return reverse("bulletin-page", args=[town.slug])

    def items(self, town: Municipality):  # type: ignore[no-untyped-def]
        return current_notices(town)

    def item_title(self, notice: Notice) -> str:
        return f"{notice.get_kind_display().capitalize()}: {notice.title}"

    def item_description(self, notice: Notice) -> str:
        return notice.text

    def item_link(self, notice: Notice) -> str:
        return notice.link or reverse("bulletin-page", args=[notice.municipality.slug]) + f"#avviso-{notice.pk}"

    def item_guid(self, notice: Notice) -> str:
        return f"sportello-notice-{notice.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, notice: Notice) -> datetime:
        return timezone.make_aware(datetime.combine(notice.valid_from, time(0, 0)))

    def item_updateddate(self, notice: Notice) -> datetime:
        return notice.updated_at


# -- staff: the recipients' CSV --------------------------------------------------------------------------------
def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("municipality", "template"), pk=pk,
        municipality__in=municipalities_for(request.user),
    )
    return campaign


@staff_member_required
@audited_read("campaign.recipients_exported")
def campaign_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per recipient, identified by the masked number only (the export must not leak phone numbers)."""
    campaign = _campaign_for(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campagna-{campaign.pk}.csv"'
    writer = csv_writer(response)  # cells neutralised against spreadsheet formulas
    writer.writerow(["recapito", "cittadino", "canale", "numero", "stato", "modalita", "tentativi", "accettato",
                     "inviato", "consegnato", "letto", "non_riuscito", "codice_errore", "motivo"])
    rows = (
        Delivery.objects.filter(campaign=campaign)
        .select_related("citizen", "account")
        .prefetch_related("citizen__identities")
        .order_by("pk")
    )
    stamp = lambda d: timezone.localtime(d).isoformat(timespec="seconds") if d else ""  # noqa: E731
    for d in rows.iterator(chunk_size=2000):
        identity = d.citizen.primary_identity()
        writer.writerow([
            d.pk, d.citizen_id, d.account.channel, identity.masked if identity else "", d.get_state_display(), d.mode,
            d.attempts,
            stamp(d.accepted_at), stamp(d.sent_at), stamp(d.delivered_at), stamp(d.read_at), stamp(d.failed_at),
            d.error_code or "", d.error_title,
        ])
    return response
