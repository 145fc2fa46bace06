"""The console header's navigation: apps register their entries, the header shows those the user may see.

    from sportello.console import navigation
    navigation.register(_("Pratiche"), "cases:list", required_role="operator", order=20)

Call `register` from your AppConfig.ready(). `label` may be a lazy translation; `url_name` is reversed when the
header is drawn; `required_role` (operator/supervisor/administrator, None = any staff) is compared with the
user's highest role in any municipality (see municipalities.roles); `also_for(user)`, when given, shows the entry
to users below that role too (e.g. department staff who may see their department's figures). Registering the same
url_name twice replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from sportello.municipalities import roles


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    required_role: str | None = None
    order: int = 100
    also_for: Callable[[Any], bool] | None = None


_entries: dict[str, NavEntry] = {}


def register(label: Any, url_name: str, required_role: str | None = None, order: int = 100,
             also_for: Callable[[Any], bool] | None = None) -> None:
    """Add (or replace) a header entry."""
    _entries[url_name] = NavEntry(label, url_name, required_role, order, also_for)


def entries_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    """The entries `user` may see, in order, each as {label, url, active}."""
    if not getattr(user, "is_authenticated", False):
        return []
    rank = roles.ORDER.get(roles.highest_role(user) or "", 0)
    visible = []
    for entry in sorted(_entries.values(), key=lambda e: (e.order, str(e.label))):
        if entry.required_role and rank < roles.ORDER.get(entry.required_role, 99):
            if entry.also_for is None or not entry.also_for(user):
                continue
        if not entry.required_role and rank == 0:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = url == current_path if url == "/" else current_path.startswith(url)
        visible.append({"label": entry.label, "url": url, "active": active})
    return visible
