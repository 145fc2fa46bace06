"""Regression guard on the labelled development set: the targets must keep holding.

The figures are development figures (the set is synthetic and small); the bench prints them in full.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sportello.moderation.screening.evaluation import evaluate, load_rows

REPO = Path(__file__).resolve().parents[3]


def _dataset() -> Path | None:
    candidates = [os.environ.get("SPORTELLO_DATASET", ""), "/work/shared/datasets/messages.jsonl",
                  str(REPO.parent / "shared" / "datasets" / "messages.jsonl")]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_development_set_targets() -> None:
    path = _dataset()
    if path is None:
        pytest.skip("labelled dataset not found: set SPORTELLO_DATASET or place it at ../shared/datasets/")
    report = evaluate(load_rows(path))
    assert report.recall >= 0.90, f"recall {report.recall:.1%}, missed {report.missed}"
    assert report.clean_fp_rate <= 0.02, f"clean flagged {report.clean_flagged}"
    assert report.hard_clean_flagged == [], f"hard clean cases flagged {report.hard_clean_flagged}"
    assert report.cpu_seconds < 2.0  # generous: about 0.2 s of CPU on a laptop
