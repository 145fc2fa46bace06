"""What the steps of one batched run share: the run's contexts, and what a step loaded for all of them at once.

A step that would otherwise query the database for each message (the conversation's earlier messages, the
citizen's identities, whether the citizen already got an automatic reply) asks `shared(ctx, key, load)`: the first
message of the run to ask loads the answer for every message of the run, with one query, and the others read it.
A message that goes through the pipeline on its own belongs to no run: `shared` returns None and the step queries
for that message as before.

Only for what the steps of the run's other messages cannot change: a run holds at most one message per citizen (so
per conversation), and what a step's own message changes it must apply itself (see cases/routing.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class Run:
    contexts: Sequence[Any]  # InboundContext, each with its stored message and conversation
    loaded: dict[str, Any] = field(default_factory=dict)


def shared(ctx: Any, key: str, load: Callable[[Sequence[Any]], T]) -> T | None:
    """`load(contexts)` for the whole run, computed once; None for a message processed on its own."""
    run: Run | None = getattr(ctx, "run", None)
    if run is None:
        return None
    if key not in run.loaded:
        run.loaded[key] = load(run.contexts)
    return run.loaded[key]
