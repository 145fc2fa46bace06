"""The labelled development set of citizen messages (JSONL), as the benches and dataset tests find and read it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATASET = REPO_ROOT.parent / "shared" / "datasets" / "messages.jsonl"


def resolve_dataset(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """--dataset, else $SPORTELLO_DATASET, else ../shared/datasets/messages.jsonl beside the repository."""
    for candidate in (explicit, os.environ.get("SPORTELLO_DATASET"), SHARED_DATASET):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def load_dataset(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
