"""Staff and roles: invitation e-mail and set-password flow, roles, last-administrator guard, 2FA reset, audit."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sportello.core.models import AuditEntry
from sportello.municipalities.models import StaffMembership
from tests.staff import make_staff, verified_device

pytestmark = pytest.mark.django_db


def _invite(client, town, **extra):
    data = {"comune": town.slug, "email": "nuova@comune.example", "first_name": "Nora", "last_name": "Piras",
            "role": "supervisor", "language": "it"}
    data.update(extra)
    return client.post(reverse("organisation:staff"), data)


def test_invite_sends_italian_mail_and_the_link_sets_a_password(admin, town, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _invite(admin, town).status_code == 302
    user = get_user_model().objects.get(username="nuova@comune.example")
    assert not user.has_usable_password() and user.is_active
    assert StaffMembership.objects.get(user=user).role == "supervisor"
    [message] = mail.outbox
    assert message.to == ["nuova@comune.example"]
    assert message.subject == "Invito alla console URP del Comune di Cagliari"
    assert "Gentile Nora," in message.body and "Alba La invita" in message.body
    assert "Supervisore" in message.body and "Scelga la Sua password" in message.body
    link = re.search(r"http://testserver(/accesso/reimposta/\S+/)", message.body).group(1)
    assert AuditEntry.objects.get(action="organisation.staff.invited").data["role"] == "supervisor"

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Una-nuova-password-99",
                                                         "new_password2": "Una-nuova-password-99"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Una-nuova-password-99")
    assert not client.get(link, follow=True).context["validlink"]  # a link works once


def test_invite_in_english(admin, town, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _invite(admin, town, language="en", role="operator")
    [message] = mail.outbox
    assert message.subject == "Invitation to the URP console of Comune di Cagliari"
    assert "Dear Nora," in message.body and "Choose your password here:" in message.body
    assert "as Operator." in message.body


def test_invite_refuses_an_existing_address(admin, town, admin_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = _invite(admin, town, email=admin_user.email)
    assert response.status_code == 400 and "email" in response.context["form"].errors
    bad = _invite(admin, town, email="non-un-indirizzo")
    assert bad.status_code == 400 and "email" in bad.context["form"].errors
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="organisation.staff.invited").exists()


def test_change_role_and_last_administrator_guard(admin, admin_user, town):
    anna = make_staff("anna", town)
    membership = StaffMembership.objects.get(user=anna)
    admin.post(reverse("organisation:staff_role", args=[membership.pk]), {"role": "administrator"})
    membership.refresh_from_db()
    assert membership.role == "administrator"
    entry = AuditEntry.objects.get(action="organisation.staff.role_changed")
    assert (entry.data["previous"], entry.data["role"]) == ("operator", "administrator")

    admin.post(reverse("organisation:staff_role", args=[membership.pk]), {"role": "operator"})
    mine = StaffMembership.objects.get(user=admin_user)
    response = admin.post(reverse("organisation:staff_role", args=[mine.pk]), {"role": "supervisor"}, follow=True)
    mine.refresh_from_db()
    assert mine.role == "administrator"
    assert "ultimo amministratore" in response.content.decode()
    response = admin.post(reverse("organisation:staff_remove", args=[mine.pk]), follow=True)
    assert StaffMembership.objects.filter(pk=mine.pk).exists()


def test_remove_staff_member(admin, town):
    from sportello.cases.models import Department, DepartmentMembership

    anna = make_staff("anna", town)
    department = Department.objects.create(municipality=town, code="strade", name="Strade")
    DepartmentMembership.objects.create(department=department, user=anna)
    membership = StaffMembership.objects.get(user=anna)
    admin.post(reverse("organisation:staff_remove", args=[membership.pk]))
    assert not StaffMembership.objects.filter(user=anna).exists()
    assert not DepartmentMembership.objects.filter(user=anna).exists()
    entry = AuditEntry.objects.get(action="organisation.staff.removed")
    assert entry.data == {"user": "anna", "role": "operator", "deactivated": True}
    anna.refresh_from_db()
    assert anna.is_active is False  # staff of no other town: can no longer sign in


def test_removing_from_one_town_keeps_the_account_of_staff_elsewhere(admin, town, other_town):
    anna = make_staff("anna", town)
    StaffMembership.objects.create(user=anna, municipality=other_town, role="operator")
    admin.post(reverse("organisation:staff_remove", args=[StaffMembership.objects.get(user=anna, municipality=town).pk]))
    anna.refresh_from_db()
    assert anna.is_active and list(StaffMembership.objects.filter(user=anna).values_list("municipality__slug",
                                                                                         flat=True)) == ["sassari"]


def test_reset_second_factor(admin, admin_user, town):
    sara = make_staff("sara", town, role="supervisor")
    verified_device(sara)
    membership = StaffMembership.objects.get(user=sara)
    admin.post(reverse("organisation:staff_reset_2fa", args=[membership.pk]))
    assert not TOTPDevice.objects.filter(user=sara).exists()
    entry = AuditEntry.objects.get(action="organisation.staff.second_factor_reset")
    assert entry.data == {"user": "sara", "devices": 1} and entry.actor == admin_user

    mine = StaffMembership.objects.get(user=admin_user)
    response = admin.post(reverse("organisation:staff_reset_2fa", args=[mine.pk]), follow=True)
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    assert "proprio secondo fattore" in response.content.decode()


def test_after_reset_the_member_must_enrol_again(admin, town):
    from django.test import Client

    from tests.staff import PASSWORD

    sara = make_staff("sara", town, role="supervisor")
    verified_device(sara)
    admin.post(reverse("organisation:staff_reset_2fa", args=[StaffMembership.objects.get(user=sara).pk]))
    client = Client()
    client.post("/accesso/", {"username": "sara", "password": PASSWORD})
    response = client.get(reverse("organisation:lists"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("console:otp_enrol"))


def test_supervisor_cannot_manage_staff(supervisor, town):
    anna = make_staff("anna", town)
    membership = StaffMembership.objects.get(user=anna)
    assert supervisor.post(reverse("organisation:staff_role", args=[membership.pk]),
                           {"role": "administrator"}).status_code == 403
    assert supervisor.post(reverse("organisation:staff_reset_2fa", args=[membership.pk])).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "operator"
