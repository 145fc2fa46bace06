"""The routing bench's core on the shared development set (skipped when the set is not available)."""

from __future__ import annotations

import pytest

from sportello.routing.evaluation import (
    evaluate_cold,
    evaluate_warm,
    load_dataset,
    resolve_dataset,
    stratified_folds,
)

DATASET = resolve_dataset()
needs_dataset = pytest.mark.skipif(
    DATASET is None, reason="development dataset not found (set SPORTELLO_DATASET or provide shared/datasets)"
)


def test_folds_partition_and_stratify() -> None:
    labels = ["a"] * 10 + ["b"] * 5
    folds = stratified_folds(labels, 5, seed=1)
    assert sorted(i for f in folds for i in f) == list(range(15))
    assert all(sum(labels[i] == "b" for i in f) == 1 for f in folds)


@needs_dataset
def test_warm_top1_target() -> None:
    rows = load_dataset(DATASET)
    warm = evaluate_warm(rows, folds=5, seeds=(0, 1, 2))
    assert warm.n == 3 * len(rows)
    assert warm.accuracy["top1"] >= 0.80, warm.accuracy
    assert warm.accuracy["top3"] >= 0.90, warm.accuracy


@needs_dataset
def test_cold_is_useful_alone() -> None:
    rows = load_dataset(DATASET)
    assert evaluate_cold(rows).accuracy["top3"] >= 0.85
