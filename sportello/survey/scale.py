"""The five-point scale and its three faces ("Mettiamoci la faccia"): 1-2 negative, 3 neutral, 4-5 positive."""

from __future__ import annotations

from typing import Literal

Face = Literal["positive", "neutral", "negative"]
FACES: tuple[Face, ...] = ("positive", "neutral", "negative")
SCORES = (1, 2, 3, 4, 5)
ASPECTS = ("overall", "waiting_time", "competence", "courtesy")


def face(score: int) -> Face:
    if score not in SCORES:
        raise ValueError(f"score out of the 1..5 scale: {score!r}")
    if score <= 2:
        return "negative"
    if score == 3:
        return "neutral"
    return "positive"


def parse_score(text: str) -> int | None:
    """A typed answer ("4", " 5 ", "3/5") as a score, or None when it is not one."""
    cleaned = text.strip().split("/")[0].strip()
    if len(cleaned) == 1 and cleaned.isdigit() and int(cleaned) in SCORES:
        return int(cleaned)
    return None
