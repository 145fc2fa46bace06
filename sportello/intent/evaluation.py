"""Measuring report detection on a labelled set (used by `bench/report_detection/run.py` and the tests).

Cold: the cue rules alone, nothing learned, measured on the whole set. Warm: k-fold cross-validation, the
classifier learns the confirmed kinds of the training folds and is measured on the held-out fold. Both are
development figures: the cue lists were written by someone who had read the set.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sportello.intent.classifier import IntentConfig, KindClassifier, KindVerdict
from sportello.intent.cues import KINDS
from sportello.intent.decision import (
    ABSTAIN_BAND,
    DEFAULT_BOOKING_THRESHOLD,
    DEFAULT_REPORT_THRESHOLD,
    REPORT_KINDS,
    _decide,
)
from sportello.routing.evaluation import stratified_folds


@dataclass
class DecisionStats:
    """Precision/recall of a True/False/None decision against gold labels; None counts as not redirected."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    abstained: int = 0
    n: int = 0
    false_positives: list[str] = field(default_factory=list)

    def add(self, decision: bool | None, gold: bool, text: str = "") -> None:
        self.n += 1
        self.abstained += decision is None
        if decision is True and gold:
            self.tp += 1
        elif decision is True:
            self.fp += 1
            self.false_positives.append(text)
        elif gold:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def abstain_rate(self) -> float:
        return self.abstained / self.n if self.n else 0.0


@dataclass
class IntentReport:
    n: int = 0
    kind_correct: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> count
    report: DecisionStats = field(default_factory=DecisionStats)  # report + complaint
    report_clean: DecisionStats = field(default_factory=DecisionStats)
    pure_report: DecisionStats = field(default_factory=DecisionStats)  # report only
    booking: DecisionStats = field(default_factory=DecisionStats)
    sweep: dict[float, DecisionStats] = field(default_factory=dict)

    @property
    def kind_accuracy(self) -> float:
        return self.kind_correct / self.n if self.n else 0.0


def _new_report(sweep: Sequence[float]) -> IntentReport:
    return IntentReport(sweep={t: DecisionStats() for t in sweep})


def _add(
    rep: IntentReport,
    r: dict[str, Any],
    v: KindVerdict,
    report_threshold: float,
    booking_threshold: float,
    band: float,
) -> None:
    text, gold = r["text"], r["kind"]
    rep.n += 1
    rep.kind_correct += v.kind == gold
    rep.confusion[(gold, v.kind)] += 1
    is_rep = gold in REPORT_KINDS
    p_rc = v.report_confidence
    rep.report.add(_decide(p_rc, report_threshold, band), is_rep, text)
    if not r.get("moderation"):
        rep.report_clean.add(_decide(p_rc, report_threshold, band), is_rep, text)
    rep.pure_report.add(_decide(v.scores["report"], report_threshold, band), gold == "report", text)
    rep.booking.add(_decide(v.scores["booking"], booking_threshold, band), gold == "booking", text)
    for t, stats in rep.sweep.items():
        stats.add(_decide(p_rc, t, band), is_rep, text)


def evaluate(
    rows: Sequence[dict[str, Any]],
    config: IntentConfig | None = None,
    report_threshold: float = DEFAULT_REPORT_THRESHOLD,
    booking_threshold: float = DEFAULT_BOOKING_THRESHOLD,
    band: float = ABSTAIN_BAND,
    sweep: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9),
    factory: Callable[[], KindClassifier] | None = None,
) -> IntentReport:
    """Cold: nothing learned from the municipality, on every message (`factory` builds the classifier)."""
    clf = factory() if factory else KindClassifier(config)
    rep = _new_report(sweep)
    for r in rows:
        _add(rep, r, clf.classify(r["text"]), report_threshold, booking_threshold, band)
    return rep


def evaluate_warm(
    rows: Sequence[dict[str, Any]],
    folds: int = 5,
    seeds: Iterable[int] = (0, 1, 2),
    config: IntentConfig | None = None,
    report_threshold: float = DEFAULT_REPORT_THRESHOLD,
    booking_threshold: float = DEFAULT_BOOKING_THRESHOLD,
    band: float = ABSTAIN_BAND,
    sweep: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9),
    factory: Callable[[], KindClassifier] | None = None,
) -> IntentReport:
    """k-fold cross-validation: learn the training folds' kinds, measure the held-out fold, for each seed."""
    rep = _new_report(sweep)
    labels = [r["kind"] for r in rows]
    for seed in seeds:
        parts = stratified_folds(labels, folds, seed)
        for k, test in enumerate(parts):
            clf = factory() if factory else KindClassifier(config)
            train = [i for j, p in enumerate(parts) if j != k for i in p]
            random.Random(seed * 100 + k).shuffle(train)
            for i in train:
                clf.learn(rows[i]["text"], rows[i]["kind"])
            for i in test:
                _add(rep, rows[i], clf.classify(rows[i]["text"]), report_threshold, booking_threshold, band)
    return rep


def _line(name: str, s: DecisionStats) -> str:
    return (
        f"{name:<34} precision {s.precision:6.1%}  recall {s.recall:6.1%}  "
        f"abstain {s.abstain_rate:5.1%}  (tp {s.tp}, fp {s.fp}, fn {s.fn})"
    )


def format_report(
    rep: IntentReport,
    report_threshold: float = DEFAULT_REPORT_THRESHOLD,
    booking_threshold: float = DEFAULT_BOOKING_THRESHOLD,
    show_errors: bool = False,
) -> str:
    lines = [
        f"messages measured: {rep.n}",
        f"kind accuracy (6 kinds, argmax): {rep.kind_accuracy:.1%}",
        "",
        f"redirect decisions (True = redirect; abstain = unsure, not redirected; band {ABSTAIN_BAND})",
        _line(f"report+complaint @ {report_threshold}", rep.report),
        _line(f"report+complaint, clean @ {report_threshold}", rep.report_clean),
        _line(f"pure report @ {report_threshold}", rep.pure_report),
        _line(f"booking @ {booking_threshold}", rep.booking),
        "",
        "report+complaint by threshold:",
    ]
    lines += [_line(f"  threshold {t}", s) for t, s in sorted(rep.sweep.items())]
    lines += [
        "",
        "kind confusion (rows gold, columns predicted):",
        "  " + " " * 13 + "".join(f"{k[:8]:>9}" for k in KINDS),
    ]
    for g in KINDS:
        lines.append(f"  {g:<13}" + "".join(f"{rep.confusion[(g, p)]:>9}" for p in KINDS))
    if show_errors and rep.report.false_positives:
        lines += ["", "wrongly redirected as report:"] + [f"  - {t}" for t in rep.report.false_positives]
    return "\n".join(lines)
