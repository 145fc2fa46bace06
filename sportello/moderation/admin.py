"""Admin: each municipality's moderation rules and actions per category; read-only records of what happened.

Decisions (restore, confirm, block, unblock, evidence) are taken in the console's review queue, where a reason is
required and every decision is audited; the admin only shows them.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sportello.moderation.models import (
    CategoryAction,
    EvidenceExport,
    Finding,
    ModerationPolicy,
    Review,
    Screening,
    Strike,
)


class CategoryActionInline(admin.TabularInline):
    model = CategoryAction
    extra = 0
    fields = ("category", "hide", "notify", "strike", "threshold")


@admin.register(ModerationPolicy)
class ModerationPolicyAdmin(admin.ModelAdmin):
    list_display = ("municipality", "enabled", "strikes_to_block", "strike_days")
    inlines = [CategoryActionInline]
    fieldsets = [
        (None, {"fields": ("municipality", "enabled", "strikes_to_block", "strike_days")}),
        (_("Avvisi al cittadino"), {
            "fields": ("notice_text", "block_notice_text"),
            "description": _("Segnaposto disponibili: {comune}, {ufficio}, {motivi}."),
        }),
        (_("Canali ufficiali (mai considerati violazioni)"), {
            "fields": ("official_ibans", "official_accounts", "extra_domains"),
        }),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("part", "category", "score", "flagged")
    readonly_fields = fields
    can_delete = False


@admin.register(Screening)
class ScreeningAdmin(ReadOnlyAdmin):
    list_display = ("message", "municipality", "flagged", "categories", "top_score", "created_at")
    list_filter = ("flagged", "municipality")
    exclude = ("cleared",)
    inlines = [FindingInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("message", "municipality", "origin", "state", "categories", "created_at", "decided_by")
    list_filter = ("state", "origin", "municipality")


@admin.register(Strike)
class StrikeAdmin(ReadOnlyAdmin):
    list_display = ("citizen", "municipality", "categories", "created_at", "revoked_at")
    list_filter = ("municipality",)


@admin.register(EvidenceExport)
class EvidenceExportAdmin(ReadOnlyAdmin):
    list_display = ("id", "municipality", "created_at", "created_by", "citizen", "manifest_sha256")
    list_filter = ("municipality",)
