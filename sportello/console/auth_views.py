"""Two-factor enrolment and verification (TOTP through django-otp)."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sportello.console.middleware import needs_second_factor
from sportello.core.audit import audit


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Codice di 6 cifre dall'app di autenticazione"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: a fresh unconfirmed device until the first correct code confirms it."""
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect(f"/accesso/verifica/?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("App di autenticazione"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", _("Troppi tentativi: attendi qualche secondo e riprova."))
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit("staff.2fa_enrolled", actor=request.user)
            flash.success(request, _("Verifica in due passaggi attivata."))
            return redirect(_next(request))
        else:
            form.add_error("code", _("Codice non valido: controlla l'ora del telefono e riprova."))
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    context: dict[str, Any] = {
        "form": form, "qr_svg": svg, "secret": _b32(device), "next": _next(request),
        "required": needs_second_factor(request.user),
        "enrolled": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "registration/otp_enrol.html", context)


def _b32(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect(f"/accesso/due-passaggi/?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                audit("staff.2fa_verified", actor=request.user)
                return redirect(_next(request))
        audit("staff.2fa_failed", actor=request.user)
        form.add_error("code", _("Codice non valido."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Where a user sees whether 2FA is on and can add an app."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("console:otp_enrol")
    return render(request, "registration/otp_status.html", {"devices": TOTPDevice.objects.filter(user=request.user, confirmed=True)})
