"""Staff for tests: a member of a municipality with a role, and a signed-in (optionally 2FA-verified) client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from sportello.municipalities.models import StaffMembership

PASSWORD = "una-password-lunga-42"


def make_staff(username: str, municipality: Any, role: str = "operator", **extra: Any) -> Any:
    user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=extra.pop("first_name", ""), **extra)
    StaffMembership.objects.create(user=user, municipality=municipality, role=role)
    return user


def verified_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login(client: Any, user: Any, *, verified: bool = False) -> Any:
    """force_login, plus a 2FA-verified session when asked (what django_otp.login stores)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        from django_otp import DEVICE_ID_SESSION_KEY

        device = verified_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def signed_in(user: Any) -> Client:
    """A fresh console session past the second factor (required of supervisors and administrators)."""
    return login(Client(), user, verified=True)
