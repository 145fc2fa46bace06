from django.contrib import admin

from sportello.municipalities.models import ChannelAccount, Municipality, StaffMembership


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ("label", "municipality", "channel", "active")
    list_filter = ("channel", "municipality")


class MembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "email", "phone")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]
