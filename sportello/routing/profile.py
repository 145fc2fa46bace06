"""What a municipality configures for each department: its categories and the words that point to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of request a department handles ("buche", "lampioni spenti"), with its own keywords."""

    name: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DepartmentProfile:
    """A department (servizio) as configured: code, display name, categories and general keywords.

    Keywords are plain text: single words or short phrases, any inflection ("lampioni spenti" also matches
    "lampione spento"). Write acronyms in capitals ("CIE", "IMU", "SUE"): they then match only that word.
    """

    code: str
    name: str
    categories: tuple[Category, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str = field(default="", compare=False)

    def entries(self) -> Iterator[tuple[str, str | None]]:
        """Every (keyword, category) pair, category names included as keywords of their own."""
        for kw in self.keywords:
            yield kw, None
        for cat in self.categories:
            # "neve e ghiaccio" names two things, not one phrase that needs both words.
            for part in re.split(r"\s+e\s+|[,/]", cat.name):
                if part.strip():
                    yield part.strip(), cat.name
            for kw in cat.keywords:
                yield kw, cat.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "keywords": list(self.keywords),
            "categories": [{"name": c.name, "keywords": list(c.keywords)} for c in self.categories],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DepartmentProfile:
        return cls(
            code=data["code"],
            name=data.get("name", data["code"]),
            description=data.get("description", ""),
            keywords=tuple(data.get("keywords", ())),
            categories=tuple(
                Category(c["name"], tuple(c.get("keywords", ()))) for c in data.get("categories", ())
            ),
        )
