"""The security regression tests reuse the cases app's town: a municipality, its staff and another town."""

from __future__ import annotations

from tests.cases.conftest import _fast_passwords, town  # noqa: F401
