"""A municipality with the default departments and its people: the URP, two departments, another town."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from sportello.municipalities.models import StaffMembership

PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + b"\x00" * 64 + bytes.fromhex("ffd9")


@dataclass
class Town:
    municipality: Any
    urp: Any  # URP operator: no department, sees every case
    roads: Any  # staff of "strade"
    waste: Any  # staff of "ambiente"
    supervisor: Any
    outsider: Any  # staff of another municipality

    def department(self, code: str):  # type: ignore[no-untyped-def]
        return self.municipality.departments.get(code=code)


def make_user(username: str, municipality, role: str = "operator", departments: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from sportello.cases.models import DepartmentMembership

    user = get_user_model().objects.create_user(username, email=f"{username}@comune.example", password="x" * 12)
    StaffMembership.objects.create(user=user, municipality=municipality, role=role)
    for code in departments:
        DepartmentMembership.objects.create(department=municipality.departments.get(code=code), user=user)
    return user


def build_town(municipality) -> Town:  # type: ignore[no-untyped-def]
    from sportello.cases.seed import seed_departments
    from sportello.municipalities.models import Municipality

    seed_departments(municipality)
    municipality.departments.filter(code="strade").update(email="strade@comune.example")
    other = Municipality.objects.create(slug="altrove", name="Comune di Altrove")
    seed_departments(other)
    return Town(
        municipality=municipality,
        urp=make_user("urp", municipality),
        roads=make_user("strade1", municipality, departments=("strade",)),
        waste=make_user("ambiente1", municipality, departments=("ambiente",)),
        supervisor=make_user("capo", municipality, role="supervisor"),
        outsider=make_user("altrove1", other, departments=("strade",)),
    )


@pytest.fixture
def town(number) -> Town:  # type: ignore[no-untyped-def]
    return build_town(number.account.municipality)


def conversation_with(town: Town, *texts: str, location: dict | None = None):  # type: ignore[no-untyped-def]
    """A conversation with inbound messages (and an open window), through the real store."""
    from datetime import timedelta

    from django.utils import timezone

    from sportello.citizens.identity import SenderIdentity
    from sportello.connectors.base import InboundMessage
    from sportello.conversations.pipeline import InboundContext, run_pipeline

    account = town.municipality.accounts.first()
    ctx = None
    now = timezone.now()
    items = [("text", t, {}) for t in texts]
    if location:
        items.append(("location", location.get("address", ""), location))
    for i, (kind, text, payload) in enumerate(items):
        inbound = InboundMessage(
            channel="whatsapp", account_ref="x", external_id=f"wamid.test{i}-{now.timestamp()}",
            sender=SenderIdentity(phone="+393471112233"), sent_at=now - timedelta(seconds=len(items) - i),
            kind=kind, text=text, payload=payload,
        )
        ctx = run_pipeline(InboundContext(inbound=inbound, account=account, municipality=town.municipality))
    return ctx.conversation  # type: ignore[union-attr]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
