"""API tokens in the admin: listed and revoked, never created or edited here (the secret is shown once, by the CLI
or the console's /profilo/token-api/ page) and the hash is never displayed."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.api.models import ApiToken
from sportello.core.audit import audit


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "scopes", "created_at", "expires_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("prefix", "name", "user__username")
    fields = ("prefix", "name", "user", "scopes", "created_at", "expires_at", "last_used_at", "revoked", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    @admin.action(description=_("Revoca i token selezionati"), permissions=["delete"])
    def revoke(self, request, queryset) -> None:  # type: ignore[no-untyped-def]
        for token in queryset.filter(revoked=False):
            token.revoke()
            audit("api_token.revoked", actor=request.user, target=token, owner=token.user.get_username())
