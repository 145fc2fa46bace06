"""Fit the confidence model and choose the automatic-answer threshold on the project's own data.

    .venv/bin/python sportello/knowledge/training/train.py [--write]

The data here were written for Sportello (an invented Comune di Castellaro: `castellaro_kb.jsonl` and
question batches `castellaro_questions_N.jsonl`); the development datasets in ../shared are never read. The
script prints the learning curve (fitted on batches 1..k, measured on the next batch), then fits on every batch,
picks the lowest threshold whose cross-validated precision on automatic answers is at least 97 % with at most
3 % of the unanswerable questions answered, and with --write stores the weights in calibration_model.py.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from sportello.knowledge import calibration  # noqa: E402
from sportello.knowledge.evaluation import Outcome, documents, figures, read_jsonl, run  # noqa: E402
from sportello.knowledge.retrieval import Index  # noqa: E402

HERE = Path(__file__).resolve().parent
FEATURES = calibration.FEATURES
TARGET_PRECISION = 97.0
MAX_NULL_ANSWERED = 3.0


def batches() -> list[list[dict]]:
    return [read_jsonl(p) for p in sorted(HERE.glob("castellaro_questions_*.jsonl"))]


def fit(outcomes: list[Outcome], l2: float = 0.01, epochs: int = 4000, rate: float = 0.3) -> tuple[dict[str, float], float]:
    """Logistic regression by batch gradient descent: P(the best entry answers the message)."""
    rows = [(o.features, 1.0 if o.correct else 0.0) for o in outcomes if o.features]
    w = {f: 0.0 for f in FEATURES}
    b = 0.0
    n = max(1, len(rows))
    for _ in range(epochs):
        gw = {f: 0.0 for f in FEATURES}
        gb = 0.0
        for x, y in rows:
            z = b + sum(w[f] * x.get(f, 0.0) for f in FEATURES)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for f in FEATURES:
                gw[f] += (p - y) * x.get(f, 0.0)
            gb += p - y
        for f in FEATURES:
            w[f] -= rate * (gw[f] / n + l2 * w[f])
        b -= rate * gb / n
    return w, b


def cross_validated(outcomes: list[Outcome], folds: int = 5, seed: int = 0) -> list[tuple[Outcome, float]]:
    """Each question scored by a model fitted without its fold."""
    order = list(range(len(outcomes)))
    random.Random(seed).shuffle(order)
    scored: list[tuple[Outcome, float]] = []
    for k in range(folds):
        test = [outcomes[i] for i in order[k::folds]]
        train = [outcomes[i] for j, i in enumerate(order) if j % folds != k]
        w, b = fit(train)
        scored += [(o, calibration.probability(o.features, w, b) if o.features else 0.0) for o in test]
    return scored


def choose_threshold(scored: list[tuple[Outcome, float]]) -> float:
    answerable = sum(1 for o, _ in scored if o.gold is not None)
    nulls = sum(1 for o, _ in scored if o.gold is None)
    for t in [x / 100 for x in range(50, 100)]:
        auto = [(o, p) for o, p in scored if p >= t]
        if not auto:
            break
        precision = 100 * sum(o.correct for o, _ in auto) / len(auto)
        null_share = 100 * sum(o.gold is None for o, _ in auto) / max(1, nulls)
        if precision >= TARGET_PRECISION and null_share <= MAX_NULL_ANSWERED:
            coverage = 100 * sum(o.correct for o, _ in auto) / max(1, answerable)
            print(f"threshold {t:.2f}: cross-validated precision {precision:.1f} %, coverage {coverage:.1f} %, "
                  f"null answered {null_share:.1f} %")
            return t
    return 0.99


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="store the fitted weights in calibration_model.py")
    args = ap.parse_args()
    index = Index(documents(read_jsonl(HERE / "castellaro_kb.jsonl")))
    parts = [run(index, b) for b in batches()]
    print("retrieval per batch (shipped model):")
    for i, outcomes in enumerate(parts, 1):
        f = figures(outcomes)
        print(f"  batch {i}: {len(outcomes)} questions, top-1 {f.top1:.1f} %, top-3 {f.top3:.1f} %, "
              f"automatic precision {f.precision:.1f} %, coverage {f.coverage:.1f} %, null answered "
              f"{f.null_answered:.1f} %, {f.ms_per_question:.2f} ms/question")
    print("learning curve (fitted on batches 1..k, measured on batch k+1, threshold chosen on 1..k):")
    for k in range(1, len(parts)):
        train = [o for p in parts[:k] for o in p]
        w, b = fit(train)
        t = choose_threshold(cross_validated(train))
        f = figures(parts[k], t, w, b)
        print(f"  train 1..{k} ({len(train)}) -> batch {k + 1}: precision {f.precision:.1f} %, coverage "
              f"{f.coverage:.1f} %, null answered {f.null_answered:.1f} % (threshold {t:.2f})")
    every = [o for p in parts for o in p]
    threshold = choose_threshold(cross_validated(every))
    w, b = fit(every)
    f = figures(every, threshold, w, b)
    print(f"all batches, fitted on all: precision {f.precision:.1f} %, coverage {f.coverage:.1f} %, "
          f"null answered {f.null_answered:.1f} %")
    if args.write:
        lines = ['"""Generated by sportello/knowledge/training/train.py; do not edit by hand."""', "", "WEIGHTS = {"]
        lines += [f'    "{k}": {v:.4f},' for k, v in w.items()]
        lines += ["}", f"BIAS = {b:.4f}", f"THRESHOLD = {threshold:.2f}", ""]
        (HERE.parent / "calibration_model.py").write_text("\n".join(lines), encoding="utf-8")
        print("written calibration_model.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
