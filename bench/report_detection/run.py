"""Report-detection bench: precision / recall of "report" (report + complaint), abstain rate, booking.

    .venv/bin/python bench/report_detection/run.py [--dataset PATH] [--threshold 0.7] [--errors]

Cold: the cue rules alone, nothing learned, on every message. Warm: k-fold cross-validation, learning the
confirmed kinds of the training folds and measuring the held-out fold. Figures on the shared development
set are development figures, not an evaluation of the product.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sportello.intent import DEFAULT_BOOKING_THRESHOLD, DEFAULT_REPORT_THRESHOLD, KindClassifier
from sportello.intent.evaluation import evaluate, evaluate_warm, format_report
from sportello.routing.evaluation import load_dataset, resolve_dataset


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", help="JSONL with text and kind (default: $SPORTELLO_DATASET or shared set)")
    ap.add_argument("--threshold", type=float, default=DEFAULT_REPORT_THRESHOLD)
    ap.add_argument("--booking-threshold", type=float, default=DEFAULT_BOOKING_THRESHOLD)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument(
        "--errors", action="store_true", help="list messages wrongly redirected as reports (cold)"
    )
    args = ap.parse_args(argv)

    path = resolve_dataset(args.dataset)
    if path is None:
        print("dataset not found: pass --dataset or set SPORTELLO_DATASET", file=sys.stderr)
        return 2
    rows = load_dataset(path)
    print(f"dataset: {path} ({len(rows)} messages) - development figures")
    print()
    print("== cold: cue rules only, nothing learned ==")
    rules_only = lambda: KindClassifier(shipped_model=None)  # noqa: E731 - the baseline of the lines below
    cold = evaluate(rows, report_threshold=args.threshold, booking_threshold=args.booking_threshold,
                    factory=rules_only)
    print(format_report(cold, args.threshold, args.booking_threshold, show_errors=args.errors))
    print()
    print(
        f"== warm: {args.folds}-fold cross-validation x {len(args.seeds)} seeds, learning confirmed kinds "
        f"on {args.folds - 1}/{args.folds}, measured on the held-out fold =="
    )
    warm = evaluate_warm(
        rows,
        folds=args.folds,
        seeds=args.seeds,
        report_threshold=args.threshold,
        booking_threshold=args.booking_threshold,
        factory=rules_only,
    )
    print(format_report(warm, args.threshold, args.booking_threshold))
    print()
    print("== cold + shipped model: cue rules and the model trained on the project's messages ==")
    cold_m = evaluate(rows, report_threshold=args.threshold, booking_threshold=args.booking_threshold)
    print(format_report(cold_m, args.threshold, args.booking_threshold, show_errors=args.errors))
    print()
    print(f"== warm + shipped model: {args.folds}-fold cross-validation x {len(args.seeds)} seeds ==")
    warm_m = evaluate_warm(rows, folds=args.folds, seeds=args.seeds, report_threshold=args.threshold,
                           booking_threshold=args.booking_threshold)
    print(format_report(warm_m, args.threshold, args.booking_threshold))
    clf = KindClassifier(shipped_model=None)
    texts = [r["text"] + " ." for r in rows]
    t0 = time.perf_counter()
    for t in texts:
        clf.classify(t)
    print(f"\nspeed: {len(texts) / (time.perf_counter() - t0):,.0f} classifications/s (rules only)")
    clf = KindClassifier()
    texts = [r["text"] + " .." for r in rows]
    c0 = time.process_time()
    for t in texts:
        clf.classify(t)
    print(f"speed with the shipped model: {(time.process_time() - c0) * 1000 / len(texts):.2f} ms CPU per message")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
