"""Routing suggester: proposes the departments most likely to handle a citizen's request.

Pure Python, no Django. The Django side builds `DepartmentProfile`s from its configured departments,
keeps one `Suggester` per municipality, calls `learn` when an operator confirms a department, and stores
`to_state()` as JSON.
"""

from sportello.routing.catalogue import DEFAULT_CATALOGUE, FALLBACK_DEPARTMENT, default_profiles
from sportello.routing.profile import Category, DepartmentProfile
from sportello.routing.suggester import Suggester, SuggesterConfig, Suggestion

__all__ = [
    "DEFAULT_CATALOGUE",
    "FALLBACK_DEPARTMENT",
    "Category",
    "DepartmentProfile",
    "Suggester",
    "SuggesterConfig",
    "Suggestion",
    "default_profiles",
]
