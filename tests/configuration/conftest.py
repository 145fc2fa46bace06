"""Two towns, each with a channel account; a supervisor and an operator in the first, a supervisor in the second."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.staff import make_staff, signed_in


@dataclass
class Office:
    town: Any
    account: Any
    other_town: Any
    other_account: Any
    supervisor: Any
    operator: Any
    other_supervisor: Any

    def client(self, user: Any = None):  # type: ignore[no-untyped-def]
        return signed_in(user or self.supervisor)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    from sportello.municipalities.models import ChannelAccount, Municipality

    town = Municipality.objects.create(slug="borgo", name="Comune di Borgo")
    other = Municipality.objects.create(slug="altrove", name="Comune di Altrove")
    account = ChannelAccount.objects.create(municipality=town, channel="telegram", label="Borgo informa")
    other_account = ChannelAccount.objects.create(municipality=other, channel="telegram", label="Altrove")
    return Office(
        town, account, other, other_account,
        supervisor=make_staff("sara", town, role="supervisor"),
        operator=make_staff("anna", town),
        other_supervisor=make_staff("otto", other, role="supervisor"),
    )
