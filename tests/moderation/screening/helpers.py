"""Helpers shared by the screening tests."""

from __future__ import annotations

from sportello.moderation.screening import ScreenContext, Verdict, screen


def flagged(text: str, **context: object) -> set[str]:
    """The categories the screen flags for `text`."""
    return {c.value for c in screen(text, ScreenContext(**context)).flagged_categories}  # type: ignore[arg-type]


def verdict(text: str, **context: object) -> Verdict:
    return screen(text, ScreenContext(**context))  # type: ignore[arg-type]
