"""Who may open the organisation settings: supervisors and administrators (staff: administrators only),
2FA-verified; operators get 403; another town's objects are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sportello.broadcasts.models import MailingList
from sportello.cases.models import Category, Department
from sportello.citizens.models import ConsentPolicy
from sportello.municipalities.models import StaffMembership
from tests.staff import login, make_staff, signed_in

PAGES = ["organisation:lists", "organisation:list_new", "organisation:policy", "organisation:departments",
         "organisation:department_new", "organisation:moderation"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES + ["organisation:staff"])
def test_operator_gets_403(operator, name):
    assert operator.get(reverse(name)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_supervisor_opens_every_page_but_staff(supervisor, name):
    assert supervisor.get(reverse(name)).status_code == 200
    assert supervisor.get(reverse("organisation:staff")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES + ["organisation:staff"])
def test_administrator_opens_every_page(admin, name):
    response = admin.get(reverse(name))
    assert response.status_code == 200
    assert b"Comune di Cagliari" in response.content


@pytest.mark.django_db
def test_second_factor_required(town):
    from django.test import Client

    client = login(Client(), make_staff("sara", town, role="supervisor"))
    response = client.get(reverse("organisation:lists"))
    assert response.status_code == 302 and "/accesso/due-passaggi/" in response["Location"]


@pytest.mark.django_db
def test_anonymous_goes_to_login(client, town):
    response = client.get(reverse("organisation:lists"))
    assert response.status_code == 302 and response["Location"].startswith("/accesso/")


@pytest.mark.django_db
def test_other_town_is_404(admin, other_town):
    foreign_list = MailingList.objects.create(municipality=other_town, slug="news", name="Notizie")
    department = Department.objects.create(municipality=other_town, code="strade", name="Strade")
    category = Category.objects.create(department=department, code="buche", name="Buche")
    policy = ConsentPolicy.objects.create(municipality=other_town, version=1, title="P", text="T", list_kinds=["news"])
    stranger = make_staff("ugo", other_town, role="operator")
    membership = StaffMembership.objects.get(user=stranger)
    for url in [reverse("organisation:list", args=[foreign_list.pk]),
                reverse("organisation:department", args=[department.pk]),
                reverse("organisation:category", args=[department.pk, category.pk]),
                reverse("organisation:policy_version", args=[policy.pk]),
                f"{reverse('organisation:lists')}?comune={other_town.slug}"]:
        assert admin.get(url).status_code == 404, url
    for url in [reverse("organisation:staff_role", args=[membership.pk]),
                reverse("organisation:staff_remove", args=[membership.pk]),
                reverse("organisation:staff_reset_2fa", args=[membership.pk])]:
        assert admin.post(url, {"role": "administrator"}).status_code == 404, url
    membership.refresh_from_db()
    assert membership.role == "operator"
    assert admin.post(reverse("organisation:list", args=[foreign_list.pk]),
                      {"name": "Presa", "slug": "news", "category": "news"}).status_code == 404
    foreign_list.refresh_from_db()
    assert foreign_list.name == "Notizie"


@pytest.mark.django_db
def test_supervisor_of_two_towns_switches(town, other_town):
    user = make_staff("sara", town, role="supervisor")
    StaffMembership.objects.create(user=user, municipality=other_town, role="supervisor")
    client = signed_in(user)
    page = client.get(f"{reverse('organisation:departments')}?comune={other_town.slug}").content.decode()
    assert "Comune di Sassari" in page and 'name="comune"' in page


@pytest.mark.django_db
def test_sections_registered_in_the_hub():
    from sportello.configuration import sections

    names = {s.url_name: s for s in sections.all_sections()}
    assert names["organisation:staff"].required_role == "administrator"
    for name in ("organisation:lists", "organisation:departments", "organisation:moderation"):
        assert names[name].required_role == "supervisor" and 50 <= names[name].order <= 90


@pytest.mark.django_db
def test_pages_read_in_italian_and_in_english(admin, town):
    from django.conf import settings

    italian = admin.get(reverse("organisation:staff")).content.decode()
    assert "Personale e ruoli" in italian and "Invita via e-mail" in italian
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = admin.get(reverse("organisation:staff")).content.decode()
    assert "Staff and roles" in english and "Invite by e-mail" in english and "Administrator" in english


@pytest.mark.django_db
def test_hub_links_to_the_pages_each_role_may_open(admin, supervisor, town):
    seen_by_supervisor = supervisor.get("/impostazioni/").content.decode()
    for url in ("/impostazioni/liste/", "/impostazioni/servizi/", "/impostazioni/moderazione/"):
        assert f'href="{url}?comune=cagliari"' in seen_by_supervisor
    assert "/impostazioni/staff/" not in seen_by_supervisor
    assert 'href="/impostazioni/staff/?comune=cagliari"' in admin.get("/impostazioni/").content.decode()
