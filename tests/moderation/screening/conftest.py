"""The screen is pure Python: these tests run without Django (`pytest -p no:django tests/moderation/screening`).

tests/conftest.py has an autouse fixture that asks for pytest-django's `settings`; a plain namespace stands in for
it here, so the same tests also run inside the full Django suite.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def settings() -> SimpleNamespace:
    return SimpleNamespace()
