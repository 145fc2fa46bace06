"""Campaign tests run the inbound pipeline's core steps only, as the broadcasts tests do (the same fixture)."""

from tests.broadcasts.conftest import core_pipeline  # noqa: F401  (autouse fixture)
