from django import forms
from django.contrib import admin

from sportello.municipalities.models import ChannelAccount, Municipality, StaffMembership, WhatsAppNumber


class WhatsAppNumberForm(forms.ModelForm):
    access_token = forms.CharField(widget=forms.PasswordInput(render_value=True))
    app_secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    verify_token = forms.CharField(widget=forms.PasswordInput(render_value=True))

    class Meta:
        model = WhatsAppNumber
        fields = "__all__"


class WhatsAppNumberInline(admin.StackedInline):
    model = WhatsAppNumber
    form = WhatsAppNumberForm
    extra = 0


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ("label", "municipality", "channel", "active")
    list_filter = ("channel", "municipality")
    inlines = [WhatsAppNumberInline]


class MembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "email", "phone")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]
