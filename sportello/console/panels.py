"""Side panels of the conversation view: other apps (cases, moderation, …) add theirs here.

    from sportello.console import panels

    def case_panel(request, conversation):          # -> dict for the template, or None to hide the panel
        return {"cases": conversation.cases.all()}

    panels.register("cases/panel.html", case_panel, order=10)

The template is rendered with the returned dict plus `conversation` and `request`; a panel should be an
`<section aria-labelledby=…>` with its own heading (h2). Call `register` from AppConfig.ready(). The context
function runs on every render of the conversation, so keep it to a query or two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

ContextFunction = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Panel:
    template_name: str
    context_function: ContextFunction
    order: int = 100


_panels: dict[str, Panel] = {}


def register(template_name: str, context_function: ContextFunction, order: int = 100) -> None:
    """Add (or replace, by template name) a panel."""
    _panels[template_name] = Panel(template_name, context_function, order)


def render_panels(request: HttpRequest, conversation: Any) -> list[SafeString]:
    """Every registered panel rendered for this conversation, skipping those whose function returned None."""
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.template_name)):
        context = panel.context_function(request, conversation)
        if context is None:
            continue
        html = render_to_string(
            panel.template_name, {**context, "conversation": conversation, "request": request}, request=request
        )
        rendered.append(mark_safe(html))
    return rendered
