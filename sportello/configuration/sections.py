"""The settings hub's sections: each app that has settings pages registers them here from its AppConfig.ready().

    from sportello.configuration import sections
    sections.register(_("Opening hours"), "configuration:hours", _("Weekly hours, closures, holidays."), order=10)

The hub (/impostazioni/) lists the sections the user may open; `required_role` is compared with the user's role
in the municipality being configured (see municipalities.roles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    label: Any
    url_name: str
    description: Any = ""
    required_role: str = "supervisor"
    order: int = 100


_sections: dict[str, Section] = {}


def register(label: Any, url_name: str, description: Any = "", required_role: str = "supervisor",
             order: int = 100) -> None:
    """Add (or replace) a section of the settings hub."""
    _sections[url_name] = Section(label, url_name, description, required_role, order)


def all_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, str(s.label)))
