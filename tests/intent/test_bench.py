"""The report-detection bench's core on the shared development set (skipped when it is not available)."""

from __future__ import annotations

import pytest

from sportello.intent.evaluation import evaluate, evaluate_warm
from sportello.routing.evaluation import load_dataset, resolve_dataset

DATASET = resolve_dataset()
needs_dataset = pytest.mark.skipif(
    DATASET is None, reason="development dataset not found (set SPORTELLO_DATASET or provide shared/datasets)"
)


@needs_dataset
def test_cold_report_precision_target() -> None:
    rep = evaluate(load_dataset(DATASET))
    assert rep.report.precision >= 0.90, rep.report
    assert rep.report.recall >= 0.50, rep.report
    assert rep.booking.precision >= 0.90, rep.booking


@needs_dataset
def test_warm_report_precision_target() -> None:
    rep = evaluate_warm(load_dataset(DATASET), folds=5, seeds=(0, 1))
    assert rep.report.precision >= 0.90, rep.report
    assert rep.report.recall >= 0.60, rep.report
    assert rep.booking.precision >= 0.90, rep.booking
