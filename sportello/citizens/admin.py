from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.citizens.models import Citizen, Identity


class IdentityInline(admin.TabularInline):
    """Only the masked value is shown: revealing a number is a separate, audited action."""

    model = Identity
    extra = 0
    fields = ("kind", "masked", "active", "created_at", "retired_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    list_display = ("id", "display_name", "username", "masked", "municipality", "last_seen_at")
    list_filter = ("municipality",)
    search_fields = ("display_name", "username")
    inlines = [IdentityInline]

    @admin.display(description=_("identificativo"))
    def masked(self, obj: Citizen) -> str:
        identity = obj.primary_identity()
        return identity.masked if identity else ""
