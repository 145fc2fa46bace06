"""The first-run form: the municipality, its channel, its rules and (when needed) the first administrator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sportello.firstrun.logo import LogoError, check_logo

CHANNELS = [
    ("later", _("Later, from the settings")),
    ("whatsapp", _("WhatsApp Cloud API")),
    ("telegram", _("Telegram bot")),
    ("email", _("E-mail mailbox")),
]


def province_choices() -> list[tuple[str, str]]:
    """Italian provinces as the holidays library knows them (their capital's patron saint is a holiday)."""
    import holidays

    aliases = getattr(holidays.Italy, "subdivisions_aliases", {}) or {}
    names = {code: name for name, code in aliases.items() if len(code) == 2}
    codes = sorted(c for c in holidays.Italy.subdivisions if len(c) == 2)
    return [("", _("None (not a provincial capital)"))] + sorted(
        ((code, f"{names.get(code, code)} ({code})") for code in codes), key=lambda item: item[1]
    )


def setup_choices() -> list[tuple[str, str]]:
    from sportello.policies.presets import NAMES, get_preset

    choices = [("blank", _("Start blank with sensible defaults"))]
    for name in NAMES:
        preset = get_preset(name)
        town = preset.get("municipality", {}).get("name", name)
        choices.append((name, _("Preset: the service of %(town)s") % {"town": town}))
    return choices


class SetupForm(forms.Form):
    token = forms.CharField(
        label=_("Setup token"), required=False, strip=True,
        help_text=_("Printed on the server's console by “sportello web” or “sportello demo” at start."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Municipality name"), max_length=120, help_text=_("For example “Comune di Esempio”."))
    office_name = forms.CharField(label=_("Office name"), max_length=120, initial="URP")
    logo = forms.FileField(
        label=_("Logo"), required=False,
        help_text=_("PNG, JPEG or WebP, up to 1 MB: shown to citizens on the municipality's pages."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    province = forms.ChoiceField(
        label=_("Province (for holidays)"), required=False,
        help_text=_("In a provincial capital, its patron saint's day is a holiday too."),
    )
    channel = forms.ChoiceField(label=_("Connect a channel"), choices=CHANNELS, initial="later", widget=forms.RadioSelect)
    whatsapp_phone_number_id = forms.CharField(label=_("Phone number ID"), required=False, max_length=40)
    whatsapp_display_number = forms.CharField(label=_("Number shown to citizens"), required=False, max_length=40)
    whatsapp_access_token = forms.CharField(label=_("Access token"), required=False, widget=forms.PasswordInput)
    whatsapp_app_secret = forms.CharField(label=_("App secret"), required=False, widget=forms.PasswordInput)
    whatsapp_verify_token = forms.CharField(
        label=_("Webhook verify token"), required=False, max_length=200,
        help_text=_("Empty: one is generated and shown once, to paste in Meta's dashboard."),
    )
    telegram_bot_token = forms.CharField(
        label=_("Bot token"), required=False, widget=forms.PasswordInput, help_text=_("From @BotFather.")
    )
    email_address = forms.EmailField(label=_("Mailbox address"), required=False)
    email_imap_url = forms.CharField(
        label=_("IMAP URL"), required=False, help_text=_("For example imaps://user:password@host:993/INBOX")
    )
    email_smtp_url = forms.CharField(
        label=_("SMTP URL"), required=False, help_text=_("For example smtp://user:password@host:587")
    )
    setup = forms.ChoiceField(label=_("Rules of the service"), widget=forms.RadioSelect, initial="blank")
    admin_username = forms.CharField(label=_("Administrator's username"), required=False, max_length=150)
    admin_email = forms.EmailField(label=_("Administrator's e-mail"), required=False)
    admin_password = forms.CharField(
        label=_("Password"), required=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    admin_password2 = forms.CharField(
        label=_("Password again"), required=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, needs_token: bool, needs_admin: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.needs_token, self.needs_admin = needs_token, needs_admin
        self.fields["province"].choices = province_choices()
        self.fields["setup"].choices = setup_choices()
        for bound in self.fields.values():
            widget = bound.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")
        if not needs_token:
            del self.fields["token"]
        if not needs_admin:
            for name in ("admin_username", "admin_email", "admin_password", "admin_password2"):
                del self.fields[name]

    def clean_token(self) -> str:
        from sportello.firstrun import tokens

        value = self.cleaned_data.get("token", "")
        if not tokens.check(value):
            raise ValidationError(_("This setup token is not valid (or has expired): restart the server for a new one."))
        return value

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        try:
            upload.checked_content_type = check_logo(upload)
        except LogoError as error:
            raise ValidationError(error.message) from error
        return upload

    def clean_admin_username(self) -> str:
        value = self.cleaned_data.get("admin_username", "").strip()
        if value and get_user_model().objects.filter(username=value).exists():
            raise ValidationError(_("This username is already taken."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_channel(data)
        if self.needs_admin:
            for name in ("admin_username", "admin_email", "admin_password"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Required to create the first administrator."))
            password = data.get("admin_password") or ""
            if password and password != data.get("admin_password2"):
                self.add_error("admin_password2", _("The two passwords differ."))
            elif password:
                user = get_user_model()(username=data.get("admin_username", ""), email=data.get("admin_email", ""))
                try:
                    password_validation.validate_password(password, user)
                except ValidationError as error:
                    self.add_error("admin_password", error)
        return data

    def _clean_channel(self, data: dict[str, Any]) -> None:
        channel = data.get("channel")
        required = {
            "whatsapp": ("whatsapp_phone_number_id", "whatsapp_access_token", "whatsapp_app_secret"),
            "telegram": ("telegram_bot_token",),
            "email": ("email_address", "email_smtp_url"),
        }.get(channel or "", ())
        for name in required:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Required for this channel (or choose “Later”)."))
        if channel == "telegram" and data.get("telegram_bot_token"):
            from sportello.connectors.telegram.models import bot_id_of

            try:
                bot_id_of(data["telegram_bot_token"])
            except ValueError:
                self.add_error("telegram_bot_token", _("This is not a bot token (it looks like 123456:ABC…)."))
        if channel == "email":
            from sportello.connectors.email.endpoints import BadMailURL, parse_imap_url, parse_smtp_url

            for name, parse in (("email_smtp_url", parse_smtp_url), ("email_imap_url", parse_imap_url)):
                if data.get(name):
                    try:
                        parse(data[name])
                    except BadMailURL as error:
                        self.add_error(name, str(error))
