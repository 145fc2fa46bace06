"""Regression guard on the labelled development set: the targets must keep holding.

The figures are development figures (the set is synthetic and small); the bench prints them in full.
"""

from __future__ import annotations


import pytest

from sportello.moderation.screening.evaluation import evaluate
from sportello.textkit.dataset import load_dataset, resolve_dataset

def test_development_set_targets() -> None:
    path = resolve_dataset()
    if path is None:
        pytest.skip("labelled dataset not found: set SPORTELLO_DATASET or place it at ../shared/datasets/")
    report = evaluate(load_dataset(path))
    assert report.recall >= 0.90, f"recall {report.recall:.1%}, missed {report.missed}"
    assert report.clean_fp_rate <= 0.02, f"clean flagged {report.clean_flagged}"
    assert report.hard_clean_flagged == [], f"hard clean cases flagged {report.hard_clean_flagged}"
    assert report.cpu_seconds < 2.0  # generous: about 0.2 s of CPU on a laptop
