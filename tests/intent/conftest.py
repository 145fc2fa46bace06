"""These tests are pure Python (no Django): they run with `-p no:django`.

The project-wide autouse fixture `_isolated` needs pytest-django's `settings`; this package overrides it
with a no-op so the suite runs with or without the Django plugin.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated() -> None:
    return None
