"""The Italian admin for the service rules, lists, subscriptions, consent policies and consent records.

Everything a municipality's service needs is edited here; the next inbound message reads the new rows.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from sportello.broadcasts.models import MailingList
from sportello.citizens.models import ConsentPolicy, ConsentRecord
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
from sportello.policies.presets import NAMES, apply_preset


class OpeningIntervalInline(admin.TabularInline):
    model = OpeningInterval
    extra = 0


class ClosureInline(admin.StackedInline):
    model = Closure
    extra = 0


class ServicePolicyForm(forms.ModelForm):
    class Meta:
        model = ServicePolicy
        fields = "__all__"

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if bool(data.get("patron_month")) != bool(data.get("patron_day")):
            raise forms.ValidationError(_("Indicare sia il giorno sia il mese del santo patrono (o nessuno dei due)."))
        return data


@admin.register(ServicePolicy)
class ServicePolicyAdmin(admin.ModelAdmin):
    form = ServicePolicyForm
    list_display = ("municipality", "preset", "emergency_active", "updated_at")
    readonly_fields = ("preset", "emergency_since", "updated_at")
    inlines = [OpeningIntervalInline, ClosureInline]
    fieldsets = (
        (None, {"fields": ("municipality", "preset")}),
        (_("Festività"), {"fields": (
            "observe_national_holidays", "holidays_subdivision", "patron_saint", "patron_month", "patron_day",
        )}),
        (_("Fuori orario ed emergenze"), {"fields": (
            "closed_reply_enabled", "closed_reply_text", "emergency_active", "emergency_since", "emergency_text",
        )}),
        (_("Riconoscimento delle richieste"), {"fields": ("report_keywords", "booking_keywords")}),
        (_("Iscrizioni e consenso"), {"fields": ("consent_question_text", "consent_declined_text", "unsubscribed_text")}),
    )
    actions = [f"apply_{name.replace('-', '_')}" for name in NAMES]

    def _apply(self, request, queryset, name):  # type: ignore[no-untyped-def]
        for policy in queryset:
            apply_preset(name, policy.municipality)
        self.message_user(request, _("Modello «%(name)s» applicato.") % {"name": name}, messages.SUCCESS)


def _preset_action(name: str):  # type: ignore[no-untyped-def]
    def action(self, request, queryset):  # type: ignore[no-untyped-def]
        self._apply(request, queryset, name)

    action.__name__ = f"apply_{name.replace('-', '_')}"
    action.short_description = _("Applica il modello «%(name)s»") % {"name": name}
    return action


for _name in NAMES:
    setattr(ServicePolicyAdmin, f"apply_{_name.replace('-', '_')}", _preset_action(_name))


@admin.register(ChannelPolicy)
class ChannelPolicyAdmin(admin.ModelAdmin):
    list_display = ("account", "mode")
    list_filter = ("mode",)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "kind", "active")
    list_filter = ("municipality", "kind", "active")


@admin.register(KeywordCommand)
class KeywordCommandAdmin(admin.ModelAdmin):
    list_display = ("__str__", "municipality", "action", "active")
    list_filter = ("municipality", "action", "active")
    filter_horizontal = ("lists",)


@admin.register(ConsentRequest)
class ConsentRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "municipality", "citizen", "policy", "created_at", "answer")
    list_filter = ("municipality", "answer")
    readonly_fields = [f.name for f in ConsentRequest._meta.fields] + ["lists"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(AutoReply)
class AutoReplyAdmin(admin.ModelAdmin):
    list_display = ("created_at", "account", "citizen", "kind", "period")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in AutoReply._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


# -- consent (models of the citizens app, administered here; lists and subscriptions: broadcasts/admin.py) --


class ConsentPolicyForm(forms.ModelForm):
    list_kinds = forms.MultipleChoiceField(
        label=_("tipi di lista coperti"), choices=MailingList.Category.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Una nuova versione deve nominare ogni tipo di lista: il consenso dato a una versione non vale "
                    "per i tipi che non copriva."),
    )

    class Meta:
        model = ConsentPolicy
        fields = ("municipality", "version", "title", "text", "list_kinds", "active")


@admin.register(ConsentPolicy)
class ConsentPolicyAdmin(admin.ModelAdmin):
    form = ConsentPolicyForm
    list_display = ("title", "municipality", "version", "active", "published_at")
    list_filter = ("municipality", "active")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A version somebody accepted is evidence: its text cannot change (publish a new version).
        if obj is not None and ConsentRecord.objects.filter(policy=obj).exists():
            return ("municipality", "version", "title", "text", "list_kinds")
        return ()

    def get_form(self, request, obj=None, **kwargs):  # type: ignore[no-untyped-def]
        if obj is not None and ConsentRecord.objects.filter(policy=obj).exists():
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "citizen", "action", "policy_version", "channel", "source")
    list_filter = ("action", "channel", "source")
    readonly_fields = [f.name for f in ConsentRecord._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
