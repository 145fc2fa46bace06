"""What detectors share: the message being screened, their findings, and how findings add up to a score."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sportello.moderation.screening.names import Person
from sportello.moderation.screening.normalize import NormText
from sportello.moderation.screening.types import Category, Evidence, ScreenContext


@dataclass(frozen=True)
class Finding:
    category: Category
    evidence: Evidence
    boost: bool = False   # counts only when the category has other, non-boost evidence
    role: str = ""
    cleared: str = ""     # non-empty: a safe context set it aside, and this is why


@dataclass
class Message:
    """One message being screened: the normalised text plus what is worked out once and shared."""

    doc: NormText
    ctx: ScreenContext
    persons: list[Person]
    quotes: list[tuple[int, int]]
    findings: list[Finding] = field(default_factory=list)

    def active(self, category: Category) -> list[Finding]:
        return [f for f in self.findings if f.category == category and not f.cleared]

    def score(self, category: Category) -> float:
        return combine(self.active(category))


Detector = Callable[[Message], list[Finding]]


def combine(findings: Iterable[Finding]) -> float:
    """Independent pieces of evidence: 1 - Π(1 - w). Boosters alone add up to nothing."""
    live = [f for f in findings if not f.cleared]
    if not any(not f.boost for f in live):
        return 0.0
    remaining = 1.0
    for f in live:
        remaining *= 1.0 - max(0.0, min(1.0, f.evidence.weight))
    return round(1.0 - remaining, 4)
