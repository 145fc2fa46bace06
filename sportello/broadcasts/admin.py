"""Staff screens for now: lists (members, growth, CSV import), campaigns (compose, approve, pause, resume, cancel;
preview and report are real pages), news queue, bulletin notices. Templates and a channel's own limits are the
channel's (e.g. the whatsapp app's admin)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign, MailingList, NewsItem, Notice, Subscription
from sportello.municipalities.models import ChannelAccount
from sportello.municipalities.scoping import municipalities_for


class ScopedAdmin(admin.ModelAdmin):
    """Staff see and edit only their municipalities' rows."""

    municipality_field = "municipality"

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        qs = super().get_queryset(request)
        return qs.filter(**{f"{self.municipality_field}__in": municipalities_for(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "municipality":
            kwargs["queryset"] = municipalities_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File CSV (colonne: telefono, data, evidenza)"))
    account = forms.ModelChoiceField(
        ChannelAccount.objects.none(), label=_("Canale su cui ricevono le campagne"), empty_label=None
    )

    def __init__(self, *args, municipality=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        accounts = ChannelAccount.objects.filter(municipality=municipality, active=True).order_by("pk")
        self.fields["account"].queryset = accounts


def _replace_registration(model):  # type: ignore[no-untyped-def]
    """policies/admin.py also registers lists and subscriptions; this app owns them and its admin is a superset."""
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    return admin.register(model)


@_replace_registration(MailingList)
class MailingListAdmin(ScopedAdmin):
    list_display = ("name", "municipality", "slug", "category", "requires_consent", "members", "active")
    list_filter = ("municipality", "category", "active")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("growth_table",)

    @admin.display(description=_("iscritti"))
    def members(self, obj: MailingList) -> int:
        return services.member_count(obj)

    @admin.display(description=_("iscritti negli ultimi 30 giorni"))
    def growth_table(self, obj: MailingList) -> str:
        if not obj.pk:
            return "-"
        rows = services.growth(obj, 30)
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
            '<p><a href="{}">{}</a></p>',
            _("giorno"), _("iscritti"),
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", ((d.isoformat(), n) for d, n in rows)),
            reverse("admin:broadcasts_mailinglist_import", args=[obj.pk]), _("Importa iscrizioni esistenti (CSV)"),
        )

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path("<int:pk>/importa/", self.admin_site.admin_view(self.import_view), name="broadcasts_mailinglist_import"),
            *super().get_urls(),
        ]

    def import_view(self, request, pk):  # type: ignore[no-untyped-def]
        mailing_list = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ImportForm(request.POST or None, request.FILES or None, municipality=mailing_list.municipality)
        report = None
        if request.method == "POST" and form.is_valid():
            report = services.import_optins(
                mailing_list, form.cleaned_data["file"].read(), actor=request.user, account=form.cleaned_data["account"]
            )
            messages.info(request, _("Importati %(n)s, già iscritti %(a)s, rifiutati %(r)s.") % {
                "n": report.imported, "a": report.already, "r": len(report.refused)})
        return render(request, "broadcasts/admin_import.html", {
            **self.admin_site.each_context(request), "form": form, "report": report, "mailing_list": mailing_list,
            "title": _("Importa iscrizioni: %(lista)s") % {"lista": mailing_list.name},
        })


@_replace_registration(Subscription)
class SubscriptionAdmin(ScopedAdmin):
    municipality_field = "mailing_list__municipality"
    list_display = ("mailing_list", "citizen", "account", "active", "subscribed_at", "unsubscribed_at", "source")
    list_filter = ("mailing_list__municipality", "mailing_list", "account__channel", "active", "source")
    raw_id_fields = ("citizen", "consent")


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ("title", "category", "state", "recipients_count", "send_at", "links")
    list_filter = ("state", "category")
    filter_horizontal = ("lists",)
    readonly_fields = ("state", "created_by", "approved_by", "approved_at", "recipients_count", "started_at",
                       "finished_at", "next_run_at", "series", "links")
    actions = ["submit", "approve", "pause", "resume", "cancel"]
    fieldsets = (
        (None, {"fields": ("municipality", "title", "category", "lists", "links")}),
        (_("Messaggio"), {"fields": ("text", "link", "media", "media_kind", "source")}),
        (_("Finestra chiusa: modello approvato"), {"fields": ("template", "template_params")}),
        (_("Quando"), {"fields": ("send_at", "recurrence", "next_run_at")}),
        (_("Stato"), {"fields": ("state", "created_by", "approved_by", "approved_at", "recipients_count",
                                 "started_at", "finished_at", "series")}),
    )

    @admin.display(description=_("pagine"))
    def links(self, obj: Campaign) -> str:
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           reverse("campaigns:detail", args=[obj.pk]), _("anteprima"),
                           reverse("campaigns:report", args=[obj.pk]), _("rapporto"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "template":  # the approved templates of the staff member's municipalities' channels
            kwargs["queryset"] = db_field.related_model.objects.filter(
                account__municipality__in=municipalities_for(request.user)
            ).select_related("account")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Once submitted, what citizens receive can no longer change.
        if obj is not None and obj.state != Campaign.State.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _run(self, request, queryset, fn, done):  # type: ignore[no-untyped-def]
        for campaign in queryset:
            try:
                fn(campaign, request.user)
                messages.success(request, f"{campaign}: {done}")
            except services.CampaignError as exc:
                messages.error(request, f"{campaign}: {exc}")

    @admin.action(description=_("Invia (o chiedi l'approvazione)"))
    def submit(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, services.submit, _("inviata"))

    @admin.action(description=_("Approva"))
    def approve(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, services.approve, _("approvata"))

    @admin.action(description=_("Sospendi"))
    def pause(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, services.pause, _("sospesa"))

    @admin.action(description=_("Riprendi"))
    def resume(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, services.resume, _("ripresa"))

    @admin.action(description=_("Annulla"))
    def cancel(self, request, queryset):  # type: ignore[no-untyped-def]
        self._run(request, queryset, services.cancel, _("annullata"))


@admin.register(NewsItem)
class NewsItemAdmin(ScopedAdmin):
    list_display = ("title", "queued_at", "series", "sent_in")


@admin.register(Notice)
class NoticeAdmin(ScopedAdmin):
    list_display = ("title", "kind", "valid_from", "valid_to", "published", "municipality")
    list_filter = ("kind", "published")
