"""Staff of a municipality: roles, removal, invitations by e-mail, and resetting a second factor.

Rules kept here, once: a town always keeps at least one administrator; nobody resets their own second factor
(they would lock themselves out mid-session; another administrator does it); an invitation creates an account
with no usable password and mails a set-password link made with Django's password-reset token, so the link
stops working once used (the token covers the password hash) or after PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from sportello.core.audit import audit
from sportello.core.scoping import scopes_disabled
from sportello.municipalities.models import Municipality, StaffMembership

ADMINISTRATOR = StaffMembership.Role.ADMINISTRATOR


class StaffError(Exception):
    """A change refused by a rule; the message is for the administrator."""


def staff_of(town: Municipality) -> list[StaffMembership]:
    from django_otp import devices_for_user

    rows = list(StaffMembership.objects.filter(municipality=town).select_related("user")
                .order_by("user__last_name", "user__first_name", "user__username"))
    for row in rows:
        devices = devices_for_user(row.user, confirmed=True)
        row.has_second_factor = next(iter(devices), None) is not None  # type: ignore[attr-defined]
        row.invited = not row.user.has_usable_password()  # type: ignore[attr-defined]
    return rows


def _other_administrators(membership: StaffMembership) -> bool:
    return StaffMembership.objects.filter(municipality_id=membership.municipality_id, role=ADMINISTRATOR,
                                          user__is_active=True).exclude(pk=membership.pk).exists()


@transaction.atomic
def change_role(membership: StaffMembership, role: str, actor: Any) -> StaffMembership:
    if role not in StaffMembership.Role.values:
        raise StaffError(_("Unknown role."))
    previous = membership.role
    if previous == role:
        return membership
    if previous == ADMINISTRATOR and not _other_administrators(membership):
        raise StaffError(_("This is the last administrator of the municipality: appoint another one first."))
    membership.role = role
    membership.save(update_fields=["role"])
    audit("organisation.staff.role_changed", actor=actor, municipality=membership.municipality, target=membership,
          user=membership.user.get_username(), previous=previous, role=role)
    return membership


@transaction.atomic
def remove(membership: StaffMembership, actor: Any) -> None:
    if membership.role == ADMINISTRATOR and not _other_administrators(membership):
        raise StaffError(_("This is the last administrator of the municipality: appoint another one first."))
    from sportello.cases.models import DepartmentMembership

    user = membership.user
    DepartmentMembership.objects.filter(user=user, department__municipality_id=membership.municipality_id).delete()
    # Staff of no other town: the account stops signing in (kept, not deleted: the audit log and cases name it).
    # The other towns lie outside the administrator's scope on purpose: only whether they exist is read.
    with scopes_disabled():
        elsewhere = StaffMembership.objects.filter(user=user).exclude(pk=membership.pk).exists()
    deactivated = not elsewhere and not user.is_superuser and user.is_active
    if deactivated:
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit("organisation.staff.removed", actor=actor, municipality=membership.municipality, target=membership,
          user=user.get_username(), role=membership.role, deactivated=deactivated)
    membership.delete()


def reset_second_factor(membership: StaffMembership, actor: Any) -> int:
    """Delete the member's second-factor devices: at the next sign-in they enrol again. Returns how many."""
    from django_otp import devices_for_user

    user = membership.user
    if user.pk == getattr(actor, "pk", None):
        raise StaffError(_("You cannot reset your own second factor: ask another administrator."))
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    audit("organisation.staff.second_factor_reset", actor=actor, municipality=membership.municipality,
          target=membership, user=user.get_username(), devices=len(devices))
    return len(devices)


def set_password_url(user: Any, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def invite(town: Municipality, *, email: str, first_name: str, last_name: str, role: str, language: str,
           base_url: str, actor: Any) -> StaffMembership:
    """A new account with no usable password, staff of `town` with `role`, and an e-mail with a set-password link.

    An address that already has an account is refused: adding an existing user to another town is a different
    decision (and their password must not be reset by an invitation)."""
    User = get_user_model()  # noqa: N806
    email = User.objects.normalize_email(email).strip()
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        raise StaffError(_("An account with this e-mail address already exists."))
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, is_active=True)
    user.set_unusable_password()
    user.save()
    membership = StaffMembership.objects.create(user=user, municipality=town, role=role)
    link = set_password_url(user, base_url)
    with translation.override(language):
        context = {"town": town, "user": user, "link": link, "role": membership.get_role_display(),
                   "inviter": actor.get_full_name() or actor.get_username(),
                   "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
        subject = _("Invitation to the %(office)s console of %(town)s") % {"office": town.office_name,
                                                                            "town": town.name}
        body = render_to_string("organisation/invite_email.txt", context)
    send_mail(subject, body, None, [email])
    audit("organisation.staff.invited", actor=actor, municipality=town, target=membership, user=email, role=role,
          language=language)
    return membership
